package dev.cicd.bench;

import dev.cicd.common.BuildLog;
import dev.cicd.docker.DockerEngine;
import dev.cicd.docker.ImageReference;
import dev.cicd.scan.ImageScanner;
import dev.cicd.scan.ScanResult;
import dev.cicd.scan.osv.OsvDatabase;
import dev.cicd.scan.osv.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Scans an image of about 2,000 packages (1,500 Debian packages in a dpkg database, 500 Java
 * archives) against about 50,000 OSV advisories in osv.dev's zip format, and prints the time and
 * peak heap next to the floor: exporting the image from the engine and reading the export, which
 * any scanner of a local image pays.
 *
 * Usage: ScanBenchmark [runs] [packages] [advisories]
 */
public final class ScanBenchmark {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int packages = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int advisories = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        int debs = packages * 3 / 4;
        int jars = packages - debs;
        Path work = Files.createTempDirectory("scan-bench");
        ImageReference image = ImageReference.parse("cicd-bench/scan:" + packages);
        buildImage(work.resolve("image"), image, debs, jars);
        Path archives = Files.createDirectories(work.resolve("osv"));
        int matching = writeAdvisories(archives, advisories, debs, jars);
        System.out.printf(
                Locale.ROOT,
                "image %s: %d Debian packages, %d Java archives; %d advisories (%d affect the image)%n",
                image,
                debs,
                jars,
                advisories,
                matching);

        try (DockerEngine engine = DockerEngine.connect()) {
            double[] exportMillis = Timing.time(runs, () -> {
                try (InputStream exported =
                        engine.client().saveImageCmd(image.toString()).exec()) {
                    return exported.transferTo(OutputStream.nullOutputStream());
                }
            });
            resetPeaks();
            long heapBefore = heapUsed();
            double[] loadMillis = new double[runs];
            double[] scanMillis = new double[runs];
            ScanResult last = null;
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                OsvDatabase database = OsvDatabase.load(List.of(archives), BuildLog.silent());
                long loaded = System.nanoTime();
                last = new ImageScanner(BuildLog.silent())
                        .scan(
                                engine,
                                image,
                                new ImageScanner.Settings(
                                        database,
                                        Severity.CRITICAL,
                                        List.of(),
                                        LocalDate.now(),
                                        Files.createTempDirectory(work, "inventory")))
                        .result();
                long done = System.nanoTime();
                loadMillis[i] = (loaded - start) / 1e6;
                scanMillis[i] = (done - loaded) / 1e6;
            }
            long peak = heapPeak();
            double floor = Timing.median(exportMillis);
            double scan = Timing.median(scanMillis);
            double load = Timing.median(loadMillis);
            System.out.printf(Locale.ROOT, "export alone (floor):        %s%n", Timing.describe(exportMillis));
            System.out.printf(Locale.ROOT, "load %d advisories:       %s%n", advisories, Timing.describe(loadMillis));
            System.out.printf(
                    Locale.ROOT,
                    "export+inventory+match:      %s, %d packages, %d findings%n",
                    Timing.describe(scanMillis),
                    last.packages(),
                    last.findings().size());
            System.out.printf(
                    Locale.ROOT,
                    "ratio scan / export floor:   %.2f (with loading the advisories: %.2f); whole scan %.2f s%n",
                    scan / floor,
                    (scan + load) / floor,
                    (scan + load) / 1000);
            System.out.printf(
                    Locale.ROOT,
                    "peak heap %.0f MB (before: %.0f MB), max heap %.0f MB%n",
                    peak / 1e6,
                    heapBefore / 1e6,
                    Runtime.getRuntime().maxMemory() / 1e6);
            engine.client().removeImageCmd(image.toString()).withForce(true).exec();
        }
    }

    /** A busybox image with a dpkg database of {@code debs} packages and {@code jars} small Maven jars. */
    private static void buildImage(Path context, ImageReference image, int debs, int jars) throws Exception {
        Files.createDirectories(context.resolve("lib"));
        StringBuilder status = new StringBuilder();
        for (int i = 0; i < debs; i++) {
            status.append("Package: pkg")
                    .append(i)
                    .append('\n')
                    .append("Status: install ok installed\n")
                    .append("Architecture: amd64\n")
                    .append("Source: src")
                    .append(i)
                    .append('\n')
                    .append("Version: 1.")
                    .append(i % 10)
                    .append("-1\n")
                    .append("Description: package ")
                    .append(i)
                    .append("\n\n");
        }
        Files.writeString(context.resolve("status"), status.toString());
        Files.writeString(
                context.resolve("os-release"),
                "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        for (int i = 0; i < jars; i++) {
            try (ZipOutputStream zip = new ZipOutputStream(
                    Files.newOutputStream(context.resolve("lib/lib" + i + "-2." + (i % 10) + ".0.jar")))) {
                zip.putNextEntry(new ZipEntry("META-INF/maven/org.bench/lib" + i + "/pom.properties"));
                zip.write(("groupId=org.bench\nartifactId=lib" + i + "\nversion=2." + (i % 10) + ".0\n")
                        .getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry("org/bench/Lib" + i + ".class"));
                zip.write(new byte[512]);
                zip.closeEntry();
            }
        }
        Files.writeString(context.resolve("Dockerfile"), """
                FROM cicd.local/busybox:1
                COPY os-release /etc/os-release
                COPY status /var/lib/dpkg/status
                COPY lib/ /app/lib/
                """);
        Timing.run(context, "docker", "build", "--network", "none", "-q", "-t", image.toString(), ".");
    }

    /**
     * osv.dev's per-ecosystem archives: most advisories name packages the image does not have (as in
     * the real database); one in 100 Debian and one in 50 Maven advisories name an installed package
     * with a range that includes its version.
     */
    private static int writeAdvisories(Path directory, int count, int debs, int jars) throws IOException {
        Random random = new Random(42);
        int matching = 0;
        int debian = count * 4 / 5;
        try (ZipOutputStream debianZip = new ZipOutputStream(Files.newOutputStream(
                        Files.createDirectories(directory.resolve("Debian")).resolve("all.zip")));
                ZipOutputStream mavenZip = new ZipOutputStream(Files.newOutputStream(
                        Files.createDirectories(directory.resolve("Maven")).resolve("all.zip")))) {
            for (int i = 0; i < count; i++) {
                boolean isDebian = i < debian;
                boolean affects = random.nextInt(isDebian ? 100 : 50) == 0;
                String id = (isDebian ? "DSA-" : "GHSA-bench-") + i;
                String ecosystem = isDebian ? "Debian:12" : "Maven";
                String name = isDebian
                        ? "src" + (affects ? random.nextInt(debs) : debs + random.nextInt(20_000))
                        : "org.bench:lib" + (affects ? random.nextInt(jars) : jars + random.nextInt(10_000));
                String fixed = isDebian ? "1.9-2" : "2.9.1";
                matching += affects ? 1 : 0;
                String json = "{\"schema_version\":\"1.6.0\",\"id\":\"" + id
                        + "\",\"modified\":\"2025-01-01T00:00:00Z\","
                        + "\"aliases\":[\"CVE-2025-" + (10000 + i) + "\"],\"summary\":\"synthetic advisory " + i + "\","
                        + "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:"
                        + (i % 2 == 0 ? "H" : "N") + "\"}],"
                        + "\"affected\":[{\"package\":{\"ecosystem\":\"" + ecosystem + "\",\"name\":\"" + name + "\"},"
                        + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"" + fixed
                        + "\"}]}]}]}";
                ZipOutputStream zip = isDebian ? debianZip : mavenZip;
                zip.putNextEntry(new ZipEntry(id + ".json"));
                zip.write(json.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return matching;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long heapPeak() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
