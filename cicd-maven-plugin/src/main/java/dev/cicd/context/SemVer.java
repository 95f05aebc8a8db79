package dev.cicd.context;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version as Semantic Versioning 2.0.0 defines it: {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]},
 * ordered by the spec's precedence. The pipeline keeps it without the {@code v} prefix; image tags
 * add it back ({@link #imageTag()}).
 *
 * <p>The natural order is precedence (semver.org, section 11), so it is not consistent with
 * {@link #equals}: versions that differ only in build metadata compare as equal. Major, minor and
 * patch may be of any size: the spec sets no limit.
 */
public record SemVer(BigInteger major, BigInteger minor, BigInteger patch, String preRelease, String build)
        implements Comparable<SemVer> {

    /** The regular expression published at semver.org, numeric identifiers without leading zeros. */
    private static final Pattern SEMVER = Pattern.compile("^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
            + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
            + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");

    /** Longer texts are not matched at all: the pattern's repetitions would cost stack on hostile input. */
    private static final int MAX_LENGTH = 256;

    /** Parses {@code 1.0.2} or {@code v1.0.2}; empty when the text is not a SemVer 2.0 version. */
    public static Optional<SemVer> parse(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String candidate = text.startsWith("v") || text.startsWith("V") ? text.substring(1) : text;
        Matcher m = SEMVER.matcher(candidate);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SemVer(
                new BigInteger(m.group(1)),
                new BigInteger(m.group(2)),
                new BigInteger(m.group(3)),
                m.group(4),
                m.group(5)));
    }

    /**
     * Precedence, semver.org section 11: major, minor and patch numerically; a pre-release sorts
     * before its release; pre-release identifiers compare numerically when both are numeric, a
     * numeric one before an alphanumeric one, otherwise in ASCII order, and when all compared ones are
     * equal the longer list wins. Build metadata is ignored.
     *
     * @return -1, 0 or 1
     */
    @Override
    public int compareTo(SemVer other) {
        int order = major.compareTo(other.major);
        if (order == 0) {
            order = minor.compareTo(other.minor);
        }
        if (order == 0) {
            order = patch.compareTo(other.patch);
        }
        return order != 0 ? Integer.signum(order) : comparePreRelease(preRelease, other.preRelease);
    }

    private static int comparePreRelease(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        String[] left = a.split("\\.", -1);
        String[] right = b.split("\\.", -1);
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int order = compareIdentifier(left[i], right[i]);
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.length, right.length);
    }

    private static int compareIdentifier(String a, String b) {
        boolean aNumeric = isNumeric(a);
        boolean bNumeric = isNumeric(b);
        if (aNumeric && bNumeric) {
            // Without leading zeros (the grammar forbids them), the longer number is the larger.
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : Integer.signum(a.compareTo(b));
        }
        if (aNumeric != bNumeric) {
            return aNumeric ? -1 : 1;
        }
        return Integer.signum(a.compareTo(b));
    }

    private static boolean isNumeric(String identifier) {
        return !identifier.isEmpty() && identifier.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The chart version: the version itself, as Helm wants it. */
    public String chartVersion() {
        return toString();
    }

    /**
     * The image tag: {@code v} and the version. Docker tags cannot hold {@code +}, so build metadata
     * is joined with {@code _}, the substitution Helm makes for OCI chart tags too.
     */
    public String imageTag() {
        return "v" + toString().replace('+', '_');
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder()
                .append(major)
                .append('.')
                .append(minor)
                .append('.')
                .append(patch);
        if (preRelease != null) {
            text.append('-').append(preRelease);
        }
        if (build != null) {
            text.append('+').append(build);
        }
        return text.toString();
    }
}
