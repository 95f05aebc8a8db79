package dev.cicd.scan.inventory;

/**
 * How much of an image {@link ImageInventory} is willing to read. Everything past a limit is skipped
 * with a warning in the result, so that a hostile or merely huge image costs bounded memory, disk and
 * time instead of failing the build.
 *
 * @param maxTextFileBytes largest os-release, package.json, METADATA, status.d file, or
 *     pom.properties / MANIFEST.MF inside an archive that is read
 * @param maxPackageDatabaseBytes largest dpkg status or apk installed database read; these are parsed
 *     as a stream, so the limit bounds time rather than memory, and it is larger than the text limit
 *     because the status file of an image with a few hundred packages passes 1 MB
 * @param maxJavaArchiveBytes largest jar/war/ear (outer or nested) that is opened; it is also the most
 *     disk one archive takes in the work directory
 * @param maxArchiveDepth how deep archives nested in archives are followed (1 = only the archive itself)
 * @param maxArchiveEntries entries read in one archive, nested ones included
 * @param maxArchiveExpandedBytes bytes decompressed from one archive, nested ones included
 * @param maxTrackedPaths paths remembered over all layers to apply deletions by later layers (8 bytes
 *     each); past it, deletions are no longer tracked and deleted packages may be reported
 * @param maxSymlinks symbolic links remembered to resolve {@code /etc/os-release} and the package
 *     databases
 * @param maxCatalogedFiles files handed to a cataloger (package.json, METADATA, jars, ...), over all
 *     layers; each costs a few hundred bytes until the end of the scan
 * @param maxPackages packages kept, over all layers
 * @param maxWarnings warnings kept; the rest are counted
 */
public record InventoryLimits(
        long maxTextFileBytes,
        long maxPackageDatabaseBytes,
        long maxJavaArchiveBytes,
        int maxArchiveDepth,
        int maxArchiveEntries,
        long maxArchiveExpandedBytes,
        int maxTrackedPaths,
        int maxSymlinks,
        int maxCatalogedFiles,
        int maxPackages,
        int maxWarnings) {

    private static final long MB = 1024 * 1024;

    public static final InventoryLimits DEFAULTS =
            new InventoryLimits(MB, 16 * MB, 64 * MB, 3, 100_000, 512 * MB, 4_000_000, 200_000, 200_000, 500_000, 200);

    public InventoryLimits {
        if (maxTextFileBytes <= 0
                || maxPackageDatabaseBytes <= 0
                || maxJavaArchiveBytes <= 0
                || maxArchiveDepth <= 0
                || maxArchiveEntries <= 0
                || maxArchiveExpandedBytes <= 0
                || maxTrackedPaths <= 0
                || maxSymlinks <= 0
                || maxCatalogedFiles <= 0
                || maxPackages <= 0
                || maxWarnings <= 0) {
            throw new IllegalArgumentException("every inventory limit must be positive: " + this);
        }
        if (maxTextFileBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxTextFileBytes is read into memory and must stay below 2 GB");
        }
    }

    public InventoryLimits withMaxTextFileBytes(long value) {
        return new InventoryLimits(
                value,
                maxPackageDatabaseBytes,
                maxJavaArchiveBytes,
                maxArchiveDepth,
                maxArchiveEntries,
                maxArchiveExpandedBytes,
                maxTrackedPaths,
                maxSymlinks,
                maxCatalogedFiles,
                maxPackages,
                maxWarnings);
    }

    public InventoryLimits withMaxPackageDatabaseBytes(long value) {
        return new InventoryLimits(
                maxTextFileBytes,
                value,
                maxJavaArchiveBytes,
                maxArchiveDepth,
                maxArchiveEntries,
                maxArchiveExpandedBytes,
                maxTrackedPaths,
                maxSymlinks,
                maxCatalogedFiles,
                maxPackages,
                maxWarnings);
    }

    public InventoryLimits withMaxJavaArchiveBytes(long value) {
        return new InventoryLimits(
                maxTextFileBytes,
                maxPackageDatabaseBytes,
                value,
                maxArchiveDepth,
                maxArchiveEntries,
                maxArchiveExpandedBytes,
                maxTrackedPaths,
                maxSymlinks,
                maxCatalogedFiles,
                maxPackages,
                maxWarnings);
    }

    public InventoryLimits withArchiveBudget(int depth, int entries, long expandedBytes) {
        return new InventoryLimits(
                maxTextFileBytes,
                maxPackageDatabaseBytes,
                maxJavaArchiveBytes,
                depth,
                entries,
                expandedBytes,
                maxTrackedPaths,
                maxSymlinks,
                maxCatalogedFiles,
                maxPackages,
                maxWarnings);
    }

    public InventoryLimits withMaxCatalogedFiles(int value) {
        return new InventoryLimits(
                maxTextFileBytes,
                maxPackageDatabaseBytes,
                maxJavaArchiveBytes,
                maxArchiveDepth,
                maxArchiveEntries,
                maxArchiveExpandedBytes,
                maxTrackedPaths,
                maxSymlinks,
                value,
                maxPackages,
                maxWarnings);
    }

    public InventoryLimits withMaxTrackedPaths(int value) {
        return new InventoryLimits(
                maxTextFileBytes,
                maxPackageDatabaseBytes,
                maxJavaArchiveBytes,
                maxArchiveDepth,
                maxArchiveEntries,
                maxArchiveExpandedBytes,
                value,
                maxSymlinks,
                maxCatalogedFiles,
                maxPackages,
                maxWarnings);
    }
}
