package dev.cicd.docker;

import com.github.dockerjava.core.GoLangFileMatch;
import com.github.dockerjava.core.dockerfile.Dockerfile;
import dev.cicd.common.CicdException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The build context sent to the engine: the context directory as an uncompressed tar, with
 * {@code .dockerignore} applied (docker-java's parser and matcher, so the rules are Docker's).
 *
 * <p>Written here rather than left to docker-java, whose context archive fails when a file grows
 * while it is being read (a log being written in the module directory, say) and gzips everything,
 * which costs time the engine then spends unzipping on a local socket. Each file is archived with
 * the size it had when its header was written.
 */
final class BuildContext {

    private BuildContext() {}

    /**
     * The context as a stream the engine reads while it is written (a thread archives into a pipe),
     * so archiving and uploading overlap. A failure while archiving surfaces as an IOException to
     * the reader.
     */
    static InputStream stream(Path contextDirectory, Path dockerfile) {
        List<String> ignores = ignores(contextDirectory, dockerfile);
        java.io.PipedInputStream in = new java.io.PipedInputStream(256 * 1024);
        java.io.PipedOutputStream out;
        try {
            out = new java.io.PipedOutputStream(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread writer = new Thread(
                () -> {
                    try (OutputStream pipe = out) {
                        write(contextDirectory, dockerfile, ignores, pipe);
                    } catch (IOException | RuntimeException e) {
                        // The reader sees the pipe end early; the engine then reports a broken context.
                    }
                },
                "cicd-build-context");
        writer.setDaemon(true);
        writer.start();
        return in;
    }

    /** Writes the context to a temporary tar file; the caller deletes it. */
    static Path archive(Path contextDirectory, Path dockerfile) {
        try {
            Path tar = Files.createTempFile("cicd-context-", ".tar");
            try (OutputStream file = Files.newOutputStream(tar)) {
                write(contextDirectory, dockerfile, ignores(contextDirectory, dockerfile), file);
            }
            return tar;
        } catch (IOException e) {
            throw new UncheckedIOException("could not archive the build context " + contextDirectory, e);
        }
    }

    /** The patterns of {@code .dockerignore}, read as docker-java (and Docker) read them. */
    private static List<String> ignores(Path contextDirectory, Path dockerfile) {
        Path base = contextDirectory.toAbsolutePath().normalize();
        try {
            return new Dockerfile(dockerfile.toFile(), base.toFile()).getIgnores();
        } catch (IOException e) {
            throw CicdException.project("could not read " + base.resolve(".dockerignore") + ": " + e.getMessage());
        }
    }

    private static void write(Path contextDirectory, Path dockerfile, List<String> ignores, OutputStream target)
            throws IOException {
        Path base = contextDirectory.toAbsolutePath().normalize();
        boolean hasExceptions = ignores.stream().anyMatch(p -> p.startsWith("!"));
        Path always = base.relativize(dockerfile.toAbsolutePath().normalize());
        {
            try (OutputStream file = new BufferedOutputStream(target, 256 * 1024);
                    TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
                out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                Files.walkFileTree(base, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes)
                            throws IOException {
                        if (dir.equals(base)) {
                            return FileVisitResult.CONTINUE;
                        }
                        String name = relative(base, dir);
                        if (ignored(ignores, name)) {
                            // Without exception patterns nothing below an ignored directory can come back,
                            // except the Dockerfile, which the engine always gets.
                            boolean holdsDockerfile = always.startsWith(base.relativize(dir));
                            return hasExceptions || holdsDockerfile
                                    ? FileVisitResult.CONTINUE
                                    : FileVisitResult.SKIP_SUBTREE;
                        }
                        TarArchiveEntry entry = new TarArchiveEntry(name + "/");
                        entry.setMode(mode(dir, 040000));
                        out.putArchiveEntry(entry);
                        out.closeArchiveEntry();
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) throws IOException {
                        String name = relative(base, path);
                        boolean required = name.equals(".dockerignore")
                                || base.relativize(path).equals(always);
                        if (!required && ignored(ignores, name)) {
                            return FileVisitResult.CONTINUE;
                        }
                        if (attributes.isSymbolicLink()) {
                            TarArchiveEntry link = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                            link.setLinkName(Files.readSymbolicLink(path).toString());
                            out.putArchiveEntry(link);
                            out.closeArchiveEntry();
                        } else if (attributes.isRegularFile()) {
                            addFile(out, path, name);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
                out.finish();
            }
        }
    }

    private static void addFile(TarArchiveOutputStream out, Path path, String name) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            long size = Files.size(path);
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(size);
            entry.setMode(mode(path, 0100000));
            entry.setModTime(Files.getLastModifiedTime(path).toMillis());
            out.putArchiveEntry(entry);
            long copied = copy(in, out, size);
            for (long pad = copied; pad < size; pad++) {
                // The file shrank while read: the header promised its earlier size.
                out.write(0);
            }
            out.closeArchiveEntry();
        }
    }

    private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long copied = 0;
        while (copied < limit) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, limit - copied));
            if (read < 0) {
                break;
            }
            out.write(buffer, 0, read);
            copied += read;
        }
        return copied;
    }

    /** Docker's rule: the last pattern that matches decides; a pattern starting with '!' includes. */
    static boolean ignored(List<String> patterns, String name) {
        boolean ignored = false;
        for (String pattern : patterns) {
            boolean exception = pattern.startsWith("!");
            String glob = exception ? pattern.substring(1) : pattern;
            if (GoLangFileMatch.match(glob, name) || matchesParent(glob, name)) {
                ignored = !exception;
            }
        }
        return ignored;
    }

    /** A pattern naming a directory excludes what is inside it. */
    private static boolean matchesParent(String glob, String name) {
        int slash = name.lastIndexOf('/');
        while (slash > 0) {
            name = name.substring(0, slash);
            if (GoLangFileMatch.match(glob, name)) {
                return true;
            }
            slash = name.lastIndexOf('/');
        }
        return false;
    }

    private static String relative(Path base, Path path) {
        return base.relativize(path).toString().replace('\\', '/');
    }

    private static int mode(Path path, int type) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            int mode = 0;
            for (PosixFilePermission permission : permissions) {
                mode |= 1 << (8 - permission.ordinal());
            }
            return type | mode;
        } catch (UnsupportedOperationException | IOException notPosix) {
            return type | (type == 040000 ? 0755 : 0644);
        }
    }
}
