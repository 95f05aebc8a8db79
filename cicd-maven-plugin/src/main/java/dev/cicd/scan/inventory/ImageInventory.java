package dev.cicd.scan.inventory;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.scan.inventory.Candidate.Kind;
import dev.cicd.scan.inventory.Candidate.OsPackage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The packages in an image, read from its {@code docker save} export without extracting it: the
 * catalogue of what the image's filesystem, as a container sees it, still has.
 *
 * <p>{@link ImageArchive} reads the export once, front to back, and hands each layer to
 * {@link LayerIndex}, which remembers every path as a salted 64-bit hash, whiteouts, symbolic links,
 * and what the catalogers found in the files they read. This class then stacks the layers into a
 * {@link MergedView} and reports only packages from files the merged filesystem still has: the
 * os-release, dpkg's and apk's databases at their well-known paths (with package URLs and OSV
 * ecosystems from the os-release), then Java archives, npm and Python metadata anywhere. Nothing of
 * the image is written to disk except one Java archive at a time (and the archives nested in it, one
 * level at a time), in a directory of its own under the caller's work directory that is removed
 * before returning.
 *
 * <p>Memory: 8 bytes per file in the image (up to {@link InventoryLimits#maxTrackedPaths()}), the
 * symbolic links, the packages found, and at most one text file of
 * {@link InventoryLimits#maxTextFileBytes()} at a time. Problems with single entries (unreadable,
 * too large, refused as dangerous) become warnings in the result; only an export that is not one, or
 * a stream that breaks, fails the call.
 */
public final class ImageInventory {

    private final ScanContext context;
    private final BuildLog log;

    private ImageInventory(ScanContext context, BuildLog log) {
        this.context = context;
        this.log = log;
    }

    /** {@link #read(InputStream, Path, BuildLog, InventoryLimits)} with {@link InventoryLimits#DEFAULTS}. */
    public static Inventory read(InputStream dockerSaveTar, Path workDirectory, BuildLog log) {
        return read(dockerSaveTar, workDirectory, log, InventoryLimits.DEFAULTS);
    }

    /**
     * Reads an image export ({@code docker save}, legacy or OCI layout) to its end and lists its packages.
     *
     * @param dockerSaveTar the export; read to the end of the tar, not closed
     * @param workDirectory where a scratch directory for Java archives is made (and removed again)
     * @param log gets a summary line and every warning
     * @throws CicdException project, when the stream is not an image export or lacks a part its
     *     manifest names; environment, when the stream fails or the work directory cannot be written
     */
    public static Inventory read(InputStream dockerSaveTar, Path workDirectory, BuildLog log, InventoryLimits limits) {
        Path scratch = createScratch(workDirectory);
        try {
            Streams.SourceGuard source = new Streams.SourceGuard(dockerSaveTar);
            ScanContext context = new ScanContext(limits, new JavaArchives(scratch, limits), source);
            return new ImageInventory(context, log).run(source);
        } finally {
            deleteTree(scratch);
        }
    }

    private Inventory run(Streams.SourceGuard source) {
        ImageArchive.Image image = ImageArchive.read(source, context, log);
        Inventory inventory =
                catalog(new MergedView(image.layers(), context.hashes), image.imageId(), image.layerIds());
        log.info("image " + ImageArchive.shortId(image.imageId()) + ": "
                + inventory.packages().size() + " packages"
                + summary(inventory.packages())
                + " in " + image.layers().size() + " layers"
                + (inventory.warnings().isEmpty()
                        ? ""
                        : ", " + inventory.warnings().size() + " warnings"));
        inventory.warnings().forEach(log::warn);
        return inventory;
    }

    private Inventory catalog(MergedView view, String imageId, List<String> layerIds) {
        Warnings warnings = context.warnings;
        OsRelease os = osRelease(view, warnings);
        List<OsPackage> osPackages = new ArrayList<>();
        for (Candidate database : osDatabases(view, warnings)) {
            warnings.addAll(database.warnings);
            osPackages.addAll(database.osPackages);
        }
        Set<Package> packages = new LinkedHashSet<>();
        osPackages.stream()
                .map(p -> osPackage(p, os, warnings))
                .filter(p -> p != null)
                .sorted(Comparator.comparing(Package::type)
                        .thenComparing(Package::name)
                        .thenComparing(Package::location))
                .forEach(packages::add);
        if (os == null && !osPackages.isEmpty()) {
            warnings.add("the image has no /etc/os-release or /usr/lib/os-release: its distribution packages cannot be"
                    + " matched to a release");
        }

        List<Candidate> language = view.visible(
                c -> c.kind == Kind.JAVA_ARCHIVE || c.kind == Kind.NODE_PACKAGE || c.kind == Kind.PYTHON_METADATA);
        language.sort(Comparator.comparing(c -> c.path));
        for (Candidate candidate : language) {
            warnings.addAll(candidate.warnings);
            packages.addAll(candidate.packages);
        }
        return new Inventory(os, new ArrayList<>(packages), warnings.toList(), imageId, layerIds);
    }

    /** The distribution's package databases where dpkg and apk keep them: status, status.d, installed. */
    private static List<Candidate> osDatabases(MergedView view, Warnings warnings) {
        List<Candidate> databases = new ArrayList<>();
        Candidate dpkg = lookup(view, "/var/lib/dpkg/status", Kind.DPKG_STATUS, warnings);
        if (dpkg != null) {
            databases.add(dpkg);
        }
        MergedView.Resolution statusD = view.resolve("/var/lib/dpkg/status.d");
        if (statusD.problem() != null) {
            warnings.add("/var/lib/dpkg/status.d could not be resolved: " + statusD.problem());
        } else if (statusD.path() != null) {
            String dir = statusD.path();
            databases.addAll(view.visible(
                    c -> c.kind == Kind.DPKG_STATUS_D && TarPaths.parent(c.path).equals(dir)));
        }
        Set<Candidate> apk = new LinkedHashSet<>();
        for (String path : List.of("/lib/apk/db/installed", "/usr/lib/apk/db/installed")) {
            Candidate found = lookup(view, path, Kind.APK_INSTALLED, warnings);
            if (found != null) {
                apk.add(found);
            }
        }
        databases.addAll(apk);
        return databases;
    }

    private static OsRelease osRelease(MergedView view, Warnings warnings) {
        for (String path : List.of("/etc/os-release", "/usr/lib/os-release")) {
            Candidate found = lookup(view, path, Kind.OS_RELEASE, warnings);
            if (found != null) {
                warnings.addAll(found.warnings);
                if (found.osRelease != null) {
                    return found.osRelease;
                }
            }
        }
        return null;
    }

    /** The candidate of that kind at a well-known path, its symbolic links followed. */
    private static Candidate lookup(MergedView view, String path, Kind kind, Warnings warnings) {
        MergedView.Resolution resolved = view.resolve(path);
        if (resolved.problem() != null) {
            warnings.add(path + " could not be resolved: " + resolved.problem());
            return null;
        }
        if (resolved.path() == null) {
            return null;
        }
        MergedView.Node node = view.nodeAt(resolved.path());
        if (node.type() == MergedView.Type.CANDIDATE && node.candidate().kind == kind) {
            return node.candidate();
        }
        return null;
    }

    private static Package osPackage(OsPackage p, OsRelease os, Warnings warnings) {
        boolean deb = p.type().equals(Package.DEB);
        String family = deb ? "debian" : "alpine";
        boolean matching =
                os != null && (deb ? os.id().equals("debian") || os.id().equals("ubuntu") : !isDebianLike(os));
        String namespace = matching ? os.id() : family;
        String ecosystem;
        if (matching && os.ecosystem() != null) {
            ecosystem = os.ecosystem();
        } else if (matching) {
            ecosystem = capitalise(os.id());
        } else {
            ecosystem = deb ? "Debian" : "Alpine";
        }
        PackageURLBuilder purl = PackageURLBuilder.aPackageURL()
                .withType(p.type())
                .withNamespace(namespace)
                .withName(p.name())
                .withVersion(p.version());
        if (p.arch() != null) {
            purl.withQualifier("arch", p.arch());
        }
        if (matching && os.distroQualifier() != null) {
            purl.withQualifier("distro", os.distroQualifier());
        }
        if (!p.sourceName().equals(p.name()) || !p.sourceVersion().equals(p.version())) {
            purl.withQualifier(
                    "upstream",
                    p.sourceVersion().equals(p.version()) ? p.sourceName() : p.sourceName() + "@" + p.sourceVersion());
        }
        try {
            return new Package(
                    p.type(),
                    p.name(),
                    p.version(),
                    p.sourceName(),
                    purl.build().canonicalize(),
                    p.location(),
                    ecosystem);
        } catch (MalformedPackageURLException e) {
            warnings.add(p.location() + ": package " + p.name() + " " + p.version() + " has no valid package URL ("
                    + e.getMessage() + "); skipped");
            return null;
        }
    }

    private static boolean isDebianLike(OsRelease os) {
        return os.id().equals("debian") || os.id().equals("ubuntu");
    }

    private static String capitalise(String id) {
        return id.isEmpty() ? id : id.substring(0, 1).toUpperCase(Locale.ROOT) + id.substring(1);
    }

    private static String summary(List<Package> packages) {
        Map<String, Long> byType =
                packages.stream().collect(Collectors.groupingBy(Package::type, TreeMap::new, Collectors.counting()));
        return byType.isEmpty()
                ? ""
                : " ("
                        + byType.entrySet().stream()
                                .map(e -> e.getValue() + " " + e.getKey())
                                .collect(Collectors.joining(", "))
                        + ")";
    }

    private static Path createScratch(Path workDirectory) {
        try {
            Files.createDirectories(workDirectory);
            return Files.createTempDirectory(workDirectory, "image-inventory-");
        } catch (IOException e) {
            throw CicdException.environment(
                    "could not create a scratch directory under " + workDirectory + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Left for the build's clean; nothing in it is needed any more.
                }
            });
        } catch (IOException e) {
            // As above.
        }
    }
}
