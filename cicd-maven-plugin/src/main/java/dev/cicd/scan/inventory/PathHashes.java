package dev.cicd.scan.inventory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Paths remembered as 64-bit hashes: deletions by later layers must be checked against every path
 * of every layer, and keeping the strings would cost a hundred bytes or more per file. The hash is
 * salted per scan so that an image cannot be crafted to make two paths collide (which would hide a
 * file from the scan); bit 0 is left free for the caller to mark directories.
 */
final class PathHashes {

    private final MessageDigest salted;

    PathHashes() {
        try {
            salted = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        salted.update(salt);
    }

    /** The hash of an absolute path, with bit 0 clear. */
    long hash(String path) {
        MessageDigest md;
        try {
            md = (MessageDigest) salted.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests of the JDK providers are cloneable", e);
        }
        byte[] d = md.digest(path.getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return h & ~1L;
    }

    /** Hashes of the strict ancestors of an absolute path, root excluded: {@code /a}, {@code /a/b} for {@code /a/b/c}. */
    long[] ancestors(String path) {
        int count = 0;
        for (int i = 1; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                count++;
            }
        }
        long[] out = new long[count];
        int k = 0;
        for (int i = 1; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                out[k++] = hash(path.substring(0, i));
            }
        }
        return out;
    }

    /** A set of longs in a sorted array: 8 bytes a member once frozen. */
    static final class LongSet {
        private long[] values = new long[8];
        private int size;
        private boolean sorted = true;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size + (size >> 1) + 8);
            }
            values[size++] = value;
            sorted = false;
        }

        boolean contains(long value) {
            freeze();
            return Arrays.binarySearch(values, 0, size, value) >= 0;
        }

        int size() {
            return size;
        }

        /** Sorts, drops duplicates and gives back the spare capacity. */
        void freeze() {
            if (sorted) {
                return;
            }
            Arrays.sort(values, 0, size);
            int unique = 0;
            for (int i = 0; i < size; i++) {
                if (unique == 0 || values[unique - 1] != values[i]) {
                    values[unique++] = values[i];
                }
            }
            size = unique;
            values = Arrays.copyOf(values, size);
            sorted = true;
        }
    }
}
