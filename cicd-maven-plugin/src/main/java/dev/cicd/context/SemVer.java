package dev.cicd.context;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version as Semantic Versioning 2.0.0 defines it: {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}.
 * The pipeline keeps it without the {@code v} prefix; image tags add it back ({@link #imageTag()}).
 */
public record SemVer(long major, long minor, long patch, String preRelease, String build) {

    /** The regular expression published at semver.org, numeric identifiers without leading zeros. */
    private static final Pattern SEMVER = Pattern.compile("^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
            + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
            + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");

    /** Parses {@code 1.0.2} or {@code v1.0.2}; empty when the text is not a SemVer 2.0 version. */
    public static Optional<SemVer> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String candidate = text.startsWith("v") || text.startsWith("V") ? text.substring(1) : text;
        Matcher m = SEMVER.matcher(candidate);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SemVer(
                    Long.parseLong(m.group(1)),
                    Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)),
                    m.group(4),
                    m.group(5)));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    public boolean isPreRelease() {
        return preRelease != null;
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
