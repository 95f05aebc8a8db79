package dev.cicd.scan.inventory;

/** What the layers of one scan share: limits, counters against them, and where to read archives. */
final class ScanContext {

    final InventoryLimits limits;
    final PathHashes hashes = new PathHashes();
    final JavaArchives java;
    final Streams.SourceGuard source;
    final Warnings warnings;

    private long trackedPaths;
    private long symlinks;
    private long candidates;
    private long packages;

    ScanContext(InventoryLimits limits, JavaArchives java, Streams.SourceGuard source) {
        this.limits = limits;
        this.java = java;
        this.source = source;
        this.warnings = new Warnings(limits.maxWarnings());
    }

    /** Whether one more path may be remembered; warns once when the limit is reached. */
    boolean trackPath() {
        if (trackedPaths >= limits.maxTrackedPaths()) {
            if (trackedPaths++ == limits.maxTrackedPaths()) {
                warnings.add("the image has more than " + limits.maxTrackedPaths() + " files; deletions by later layers"
                        + " are not tracked past that point, so packages deleted from the image may be reported");
            }
            return false;
        }
        trackedPaths++;
        return true;
    }

    boolean trackSymlink() {
        if (symlinks >= limits.maxSymlinks()) {
            if (symlinks++ == limits.maxSymlinks()) {
                warnings.add("the image has more than " + limits.maxSymlinks() + " symbolic links; later ones are not"
                        + " followed when looking for os-release and package databases");
            }
            return false;
        }
        symlinks++;
        return true;
    }

    /** Whether one more file may be cataloged; warns once when the limit is reached. */
    boolean trackCandidate() {
        if (candidates >= limits.maxCatalogedFiles()) {
            if (candidates++ == limits.maxCatalogedFiles()) {
                warnings.add("the image has more than " + limits.maxCatalogedFiles() + " package metadata files and"
                        + " archives; later ones were not read");
            }
            return false;
        }
        candidates++;
        return true;
    }

    int packagesLeft() {
        return (int) Math.max(0, limits.maxPackages() - packages);
    }

    void countPackages(int count) {
        packages += count;
    }
}
