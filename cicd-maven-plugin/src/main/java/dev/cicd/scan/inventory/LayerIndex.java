package dev.cicd.scan.inventory;

import dev.cicd.common.CicdException;
import dev.cicd.scan.inventory.Candidate.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * What one layer tar holds, as far as the merged view needs it: every path as a hash (to apply this
 * layer's replacements to lower layers), whiteouts and opaque directories, symbolic links, and the
 * cataloged candidates. The content of the layer is read once, as it streams by, and not kept.
 */
final class LayerIndex {

    private static final int MAX_LAYER_WARNINGS = 50;

    final String archiveName;
    final PathHashes.LongSet entries = new PathHashes.LongSet();
    final PathHashes.LongSet whiteouts = new PathHashes.LongSet();
    final PathHashes.LongSet opaques = new PathHashes.LongSet();
    final Map<String, String> symlinks = new HashMap<>();
    final Map<String, Candidate> candidates = new LinkedHashMap<>();
    final List<String> warnings = new ArrayList<>();
    private int droppedWarnings;
    String digest;

    LayerIndex(String archiveName) {
        this.archiveName = archiveName;
    }

    boolean hasEntry(long hash) {
        return entries.contains(hash) || entries.contains(hash | 1);
    }

    boolean hasNonDirectory(long hash) {
        return entries.contains(hash);
    }

    boolean hasDirectory(long hash) {
        return entries.contains(hash | 1);
    }

    List<String> warnings() {
        List<String> out = new ArrayList<>(warnings);
        if (droppedWarnings > 0) {
            out.add(droppedWarnings + " more problems in this layer not shown");
        }
        return out;
    }

    void warn(String message) {
        if (warnings.size() < MAX_LAYER_WARNINGS) {
            warnings.add(message);
        } else {
            droppedWarnings++;
        }
    }

    private void freeze() {
        entries.freeze();
        whiteouts.freeze();
        opaques.freeze();
    }

    /**
     * Indexes an uncompressed layer tar. A malformed tar ends the layer with a warning and what was
     * read so far kept; IOExceptions of the caller's stream are rethrown.
     */
    void read(InputStream layerTar, ScanContext context) throws IOException {
        TarArchiveInputStream tar = new BoundedTarInputStream(Streams.unclosable(layerTar));
        String last = null;
        try {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String path;
                try {
                    path = TarPaths.entry(entry.getName());
                } catch (TarPaths.Refused refused) {
                    warn("entry '" + DpkgDatabase.shorten(entry.getName()) + "' refused: " + refused.getMessage());
                    continue;
                }
                if (path.equals("/")) {
                    continue;
                }
                last = path;
                String name = TarPaths.fileName(path);
                if (name.startsWith(".wh.")) {
                    whiteout(path, name.substring(4), context);
                    continue;
                }
                index(tar, entry, path, context);
            }
        } catch (IOException | RuntimeException e) {
            if (context.source.failure() != null || e instanceof CicdException) {
                throw e;
            }
            // commons-compress reports some malformed headers as runtime exceptions.
            warn("the layer tar is unreadable " + (last == null ? "from its start" : "after " + last) + " ("
                    + LanguagePackages.firstLine(e.getMessage()) + "); the rest of this layer was not read");
        } finally {
            freeze();
        }
    }

    /** One entry of the layer, not a whiteout: its path, and the link or candidate it is. */
    private void index(TarArchiveInputStream tar, TarArchiveEntry entry, String path, ScanContext context)
            throws IOException {
        long hash = context.hashes.hash(path);
        candidates.remove(path);
        symlinks.remove(path);
        if (entry.isDirectory()) {
            if (context.trackPath()) {
                entries.add(hash | 1);
            }
            return;
        }
        Kind kind = Kind.of(path);
        if (kind != null && !context.trackCandidate()) {
            kind = null;
        }
        // Files a cataloger reads and links are remembered past the path limit: dropping them
        // would hide packages, where dropping a plain path only risks reporting a deleted one.
        if (kind != null || entry.isSymbolicLink() || context.trackPath()) {
            entries.add(hash);
        }
        if (entry.isSymbolicLink()) {
            symlink(path, entry.getLinkName(), context);
        } else if (entry.isLink()) {
            hardLink(path, entry.getLinkName(), kind);
        } else if (kind != null
                && entry.isFile()
                && !entry.isCharacterDevice()
                && !entry.isBlockDevice()
                && !entry.isFIFO()) {
            Candidate candidate = new Candidate(kind, path);
            candidates.put(path, candidate);
            catalog(tar, entry.getSize(), candidate, context);
        }
    }

    private void whiteout(String path, String target, ScanContext context) {
        String dir = TarPaths.parent(path);
        if (target.equals(".wh..opq")) {
            long hash = context.hashes.hash(dir);
            if (context.trackPath()) {
                opaques.add(hash);
                entries.add(hash | 1);
            }
        } else if (target.startsWith(".wh.")) {
            // AUFS bookkeeping (.wh..wh.plnk, .wh..wh.aufs), not a deletion.
        } else if (target.isEmpty()) {
            warn("whiteout '" + path + "' names no file; ignored");
        } else if (context.trackPath()) {
            whiteouts.add(context.hashes.hash(TarPaths.child(dir, target)));
        }
    }

    private void symlink(String path, String target, ScanContext context) {
        if (target == null || target.isEmpty() || target.length() > 4096 || target.indexOf('\0') >= 0) {
            warn("symbolic link " + path + " has an unusable target; ignored");
            return;
        }
        if (TarPaths.lexicalTarget(path, target) == null) {
            warn("symbolic link " + path + " -> " + DpkgDatabase.shorten(target)
                    + " points outside the image root; it is never followed");
        }
        if (context.trackSymlink()) {
            symlinks.put(path, target);
        }
    }

    private void hardLink(String path, String target, Kind kind) {
        String targetPath;
        try {
            targetPath = TarPaths.entry(target);
        } catch (TarPaths.Refused refused) {
            warn("hard link " + path + " -> '" + DpkgDatabase.shorten(String.valueOf(target)) + "' refused: its target "
                    + refused.getMessage().replaceFirst("^it ", ""));
            return;
        }
        if (kind == null) {
            return;
        }
        Candidate linked = candidates.get(targetPath);
        if (linked != null && linked.kind == kind) {
            candidates.put(path, linked.linkedAs(path));
        } else {
            Candidate unread = new Candidate(kind, path);
            unread.warnings.add(
                    path + " is a hard link to " + targetPath + ", which was not read before it; not cataloged");
            candidates.put(path, unread);
        }
    }

    private void catalog(TarArchiveInputStream tar, long size, Candidate candidate, ScanContext context)
            throws IOException {
        InventoryLimits limits = context.limits;
        int room = context.packagesLeft();
        if (room == 0 && candidate.kind != Kind.OS_RELEASE) {
            candidate.warnings.add(
                    candidate.path + " was not read: the image has more than " + limits.maxPackages() + " packages");
            return;
        }
        try {
            switch (candidate.kind) {
                case DPKG_STATUS, APK_INSTALLED -> {
                    if (size > limits.maxPackageDatabaseBytes()) {
                        candidate.warnings.add(
                                tooBig(candidate.path, size, limits.maxPackageDatabaseBytes(), "package databases"));
                    } else if (candidate.kind == Kind.DPKG_STATUS) {
                        DpkgDatabase.read(tar, candidate, true, room);
                    } else {
                        ApkDatabase.read(tar, candidate, room);
                    }
                }
                case JAVA_ARCHIVE -> {
                    if (size > limits.maxJavaArchiveBytes()) {
                        candidate.warnings.add(
                                tooBig(candidate.path, size, limits.maxJavaArchiveBytes(), "Java archives"));
                    } else {
                        context.java.read(tar, size, candidate, room);
                    }
                }
                default -> {
                    if (size > limits.maxTextFileBytes()) {
                        candidate.warnings.add(
                                tooBig(candidate.path, size, limits.maxTextFileBytes(), "metadata files"));
                        return;
                    }
                    byte[] content = tar.readNBytes((int) size);
                    switch (candidate.kind) {
                        case OS_RELEASE -> {
                            candidate.osRelease = OsRelease.parse(new String(content, StandardCharsets.UTF_8));
                            if (candidate.osRelease == null) {
                                candidate.warnings.add(candidate.path + " has no ID; the distribution is unknown");
                            }
                        }
                        case DPKG_STATUS_D ->
                            DpkgDatabase.read(new ByteArrayInputStream(content), candidate, false, room);
                        case NODE_PACKAGE -> LanguagePackages.readNodePackage(content, candidate);
                        default -> LanguagePackages.readPythonMetadata(content, candidate);
                    }
                }
            }
        } catch (CicdException e) {
            throw e;
        } catch (RuntimeException e) {
            // A cataloger tripping over hostile content must not cost the rest of the image.
            candidate.warnings.add(candidate.path + " could not be read (" + e + "); skipped");
        }
        context.countPackages(candidate.packageCount());
    }

    private static String tooBig(String path, long size, long limit, String what) {
        return path + " is " + size + " bytes, over the " + limit + "-byte limit for " + what + "; not read";
    }
}
