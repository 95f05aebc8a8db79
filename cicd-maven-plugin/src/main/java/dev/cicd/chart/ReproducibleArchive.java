package dev.cicd.chart;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Date;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Rewrites a {@code .tgz} so that the same content always gives the same bytes: every entry gets
 * one modification time and no owner, and the gzip header carries no time or name. Helm stamps the
 * packaging time into each entry, so two packages of the same chart would otherwise differ, and a
 * re-run of a release could not tell "same chart again" from "another chart under this version".
 */
final class ReproducibleArchive {

    private ReproducibleArchive() {}

    static void normalise(Path archive, Instant modified) {
        Path rewritten = archive.resolveSibling(archive.getFileName() + ".tmp");
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
                TarArchiveInputStream in = new TarArchiveInputStream(new GZIPInputStream(raw));
                OutputStream file = new BufferedOutputStream(Files.newOutputStream(rewritten))) {
            // The JDK's gzip header has no time and no name; Helm's carries an extra field
            // that some readers reject, so the JDK reads it too.
            try (TarArchiveOutputStream out = new TarArchiveOutputStream(new GZIPOutputStream(file))) {
                out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                TarArchiveEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    TarArchiveEntry copy = new TarArchiveEntry(entry.getName());
                    copy.setMode(entry.getMode());
                    copy.setSize(entry.getSize());
                    copy.setModTime(Date.from(modified));
                    copy.setUserId(0);
                    copy.setGroupId(0);
                    copy.setUserName("");
                    copy.setGroupName("");
                    out.putArchiveEntry(copy);
                    if (!entry.isDirectory()) {
                        in.transferTo(out);
                    }
                    out.closeArchiveEntry();
                }
                out.finish();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not rewrite " + archive, e);
        }
        try {
            Files.move(rewritten, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
