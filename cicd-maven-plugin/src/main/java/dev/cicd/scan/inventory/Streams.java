package dev.cicd.scan.inventory;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Input streams for reading nested archives from one stream. */
final class Streams {

    private Streams() {}

    /** A view that leaves the underlying stream open: inner tar readers must not close the outer entry. */
    static InputStream unclosable(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {}
        };
    }

    /**
     * Remembers a failure of the stream the caller handed in, so that a broken connection to the
     * engine is told apart from a malformed archive: both arrive as IOExceptions from the tar reader.
     */
    static final class SourceGuard extends FilterInputStream {
        private IOException failure;

        SourceGuard(InputStream in) {
            super(in);
        }

        IOException failure() {
            return failure;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void close() {
            // The caller owns the stream it passed in.
        }
    }

    /**
     * SHA-256 of every byte that passes, skipped ones included: the tar reader skips the rest of an
     * entry it was not asked to read, and {@link java.security.DigestInputStream} would miss those.
     */
    static final class Sha256 extends FilterInputStream {
        private final MessageDigest digest;
        private final byte[] skipBuffer = new byte[8192];

        Sha256(InputStream in) {
            super(in);
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                digest.update((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = 0;
            while (skipped < n) {
                int r = read(skipBuffer, 0, (int) Math.min(skipBuffer.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        /** Reads what is left, then gives {@code sha256:<hex>}. */
        String finish() throws IOException {
            transferTo(OutputStream.nullOutputStream());
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        }
    }

    static String sha256(byte[] data) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Lines of a text database with a bound on line length: overlong lines come back cut, flagged, so
     * that a file without newlines cannot fill the memory.
     */
    static final class LineReader {
        private final InputStream in;
        private final int maxLine;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private boolean truncated;
        private long lineNumber;

        LineReader(InputStream in, int maxLine) {
            this.in = in;
            this.maxLine = maxLine;
        }

        /** The next line without its end, or null at the end of the stream. */
        String next() throws IOException {
            line.reset();
            truncated = false;
            int b;
            boolean any = false;
            while ((b = in.read()) >= 0) {
                any = true;
                if (b == '\n') {
                    break;
                }
                if (line.size() < maxLine) {
                    line.write(b);
                } else {
                    truncated = true;
                }
            }
            if (!any) {
                return null;
            }
            lineNumber++;
            String s = line.toString(StandardCharsets.UTF_8);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }

        boolean truncated() {
            return truncated;
        }

        long lineNumber() {
            return lineNumber;
        }
    }
}
