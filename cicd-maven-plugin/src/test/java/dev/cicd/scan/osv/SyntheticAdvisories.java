package dev.cicd.scan.osv;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Generated advisories and packages in the proportions of a real scan, for tests and benchmarks:
 * names shared by several advisories, several releases of Debian, ranges with several branches.
 * Deterministic for a seed.
 */
public final class SyntheticAdvisories {

    private static final String[] ECOSYSTEMS = {"npm", "PyPI", "Maven", "Debian"};

    private SyntheticAdvisories() {}

    /** Writes {@code count} advisories as an osv.dev-style archive. */
    public static Path writeArchive(Path zip, int count, long seed) throws IOException {
        Random random = new Random(seed);
        try (OutputStream out = Files.newOutputStream(zip);
                ZipOutputStream z = new ZipOutputStream(out)) {
            z.setLevel(Deflater.BEST_SPEED);
            for (int i = 0; i < count; i++) {
                z.putNextEntry(new ZipEntry("SYN-" + i + ".json"));
                z.write(json(i, random).getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return zip;
    }

    /** {@code count} installed packages, about half of them named in some advisory. */
    public static List<InstalledPackage> packages(int count, int advisories, long seed) {
        Random random = new Random(seed);
        List<InstalledPackage> packages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int ecosystem = i % ECOSYSTEMS.length;
            int name = random.nextInt(Math.max(1, advisories / 5));
            String version = random.nextInt(5) + "." + random.nextInt(10) + "." + random.nextInt(10);
            packages.add(
                    switch (ECOSYSTEMS[ecosystem]) {
                        case "Maven" -> InstalledPackage.of("Maven", "org.example:" + name(name), version);
                        case "Debian" ->
                            new InstalledPackage("Debian:12", "lib" + name(name), version + "-1", name(name), null);
                        default -> InstalledPackage.of(ECOSYSTEMS[ecosystem], name(name), version);
                    });
        }
        return packages;
    }

    private static String name(int n) {
        return "pkg-" + n;
    }

    private static String json(int i, Random random) {
        String ecosystem = ECOSYSTEMS[i % ECOSYSTEMS.length];
        int n = random.nextInt(Math.max(1, 50_000 / 5));
        String name = ecosystem.equals("Maven") ? "org.example:" + name(n) : name(n);
        int major = random.nextInt(5);
        String introduced = major + ".0.0";
        String fixed = major + "." + random.nextInt(10) + "." + random.nextInt(10);
        String type = ecosystem.equals("npm") ? "SEMVER" : "ECOSYSTEM";
        StringBuilder affected = new StringBuilder();
        List<String> releases = ecosystem.equals("Debian") ? List.of("Debian:11", "Debian:12") : List.of(ecosystem);
        for (String release : releases) {
            if (!affected.isEmpty()) {
                affected.append(',');
            }
            String suffix = ecosystem.equals("Debian") ? "-1" : "";
            affected.append("{\"package\":{\"ecosystem\":\"")
                    .append(release)
                    .append("\",\"name\":\"")
                    .append(name)
                    .append("\"},\"ranges\":[{\"type\":\"")
                    .append(type)
                    .append("\",\"events\":[{\"introduced\":\"")
                    .append(introduced)
                    .append(suffix)
                    .append("\"},{\"fixed\":\"")
                    .append(fixed)
                    .append(suffix)
                    .append("\"}]}],\"versions\":[\"")
                    .append(introduced)
                    .append(suffix)
                    .append("\"]}");
        }
        return "{\"id\":\"SYN-" + i + "\",\"modified\":\"2024-01-01T00:00:00Z\",\"aliases\":[\"CVE-2099-" + i
                + "\"],\"summary\":\"synthetic advisory " + i + "\",\"severity\":[{\"type\":\"CVSS_V3\",\"score\":"
                + "\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],\"affected\":[" + affected + "]}";
    }
}
