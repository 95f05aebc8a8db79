package dev.cicd.scan.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A file a cataloger reads, with what was read from it. Catalogers run while the layer streams by;
 * whether the file is still in the image is only known once every layer has been seen, so the
 * results wait here and are used, warnings included, only for files the merged view still has.
 */
final class Candidate {

    enum Kind {
        OS_RELEASE,
        DPKG_STATUS,
        DPKG_STATUS_D,
        APK_INSTALLED,
        JAVA_ARCHIVE,
        NODE_PACKAGE,
        PYTHON_METADATA;

        /** The cataloger for a path, from its name alone; null for files no cataloger reads. */
        static Kind of(String path) {
            String name = TarPaths.fileName(path);
            String parentPath = TarPaths.parent(path);
            String parent = TarPaths.fileName(parentPath);
            String grandParent = TarPaths.fileName(TarPaths.parent(parentPath));
            if (name.equals("os-release")) {
                return OS_RELEASE;
            }
            if (name.equals("status") && parent.equals("dpkg")) {
                return DPKG_STATUS;
            }
            if (parent.equals("status.d")
                    && grandParent.equals("dpkg")
                    && !name.startsWith(".")
                    && !name.endsWith(".md5sums")) {
                return DPKG_STATUS_D;
            }
            if (name.equals("installed") && parent.equals("db") && grandParent.equals("apk")) {
                return APK_INSTALLED;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (JavaArchives.isArchiveName(lower)) {
                return JAVA_ARCHIVE;
            }
            if (name.equals("package.json")
                    && (grandParent.equals("node_modules")
                            || (grandParent.startsWith("@")
                                    && TarPaths.fileName(TarPaths.parent(TarPaths.parent(parentPath)))
                                            .equals("node_modules")))) {
                return NODE_PACKAGE;
            }
            if ((name.equals("METADATA") && parent.endsWith(".dist-info"))
                    || (name.equals("PKG-INFO") && parent.endsWith(".egg-info"))
                    || lower.endsWith(".egg-info")) {
                return PYTHON_METADATA;
            }
            return null;
        }
    }

    /** A distribution package as its database states it; purl and ecosystem need the os-release. */
    record OsPackage(
            String type,
            String name,
            String version,
            String sourceName,
            String sourceVersion,
            String arch,
            String location) {}

    final Kind kind;
    final String path;
    OsRelease osRelease;
    List<OsPackage> osPackages = List.of();
    List<Package> packages = List.of();
    final List<String> warnings = new ArrayList<>();

    Candidate(Kind kind, String path) {
        this.kind = kind;
        this.path = path;
    }

    /** The same content under another name: a hard link. */
    Candidate linkedAs(String linkPath) {
        Candidate copy = new Candidate(kind, linkPath);
        copy.osRelease = osRelease;
        copy.osPackages = osPackages.stream()
                .map(p -> new OsPackage(
                        p.type(), p.name(), p.version(), p.sourceName(), p.sourceVersion(), p.arch(), linkPath))
                .toList();
        copy.packages = packages.stream()
                .map(p -> p.withLocation(relocate(p.location(), path, linkPath)))
                .toList();
        for (String w : warnings) {
            copy.warnings.add(w.replace(path, linkPath));
        }
        return copy;
    }

    private static String relocate(String location, String from, String to) {
        return location.startsWith(from) ? to + location.substring(from.length()) : location;
    }

    int packageCount() {
        return osPackages.size() + packages.size();
    }
}
