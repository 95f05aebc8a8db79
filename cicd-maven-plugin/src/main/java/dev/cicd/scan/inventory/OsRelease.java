package dev.cicd.scan.inventory;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distribution an image is built on, from {@code /etc/os-release} (or {@code /usr/lib/os-release}).
 *
 * @param id {@code ID}, for example {@code debian}, {@code ubuntu}, {@code alpine}
 * @param versionId {@code VERSION_ID}, null when absent (Debian testing, for example)
 * @param prettyName {@code PRETTY_NAME}, null when absent
 */
public record OsRelease(String id, String versionId, String prettyName) {

    private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\d+)");
    private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)");

    /**
     * The OSV ecosystem of the distribution's packages: {@code Debian:12}, {@code Ubuntu:22.04},
     * {@code Alpine:v3.19}; the bare name when the release is unknown; null for other distributions.
     */
    public String ecosystem() {
        if (id == null) {
            return null;
        }
        switch (id) {
            case "debian": {
                String major = leadingNumber(versionId);
                return major == null ? "Debian" : "Debian:" + major;
            }
            case "ubuntu":
                return versionId == null || versionId.isBlank() ? "Ubuntu" : "Ubuntu:" + versionId;
            case "alpine": {
                String minor = majorMinor(versionId);
                return minor == null ? "Alpine" : "Alpine:v" + minor;
            }
            default:
                return null;
        }
    }

    /** The purl {@code distro} qualifier: {@code debian-12}, {@code alpine-3.19.1}. */
    String distroQualifier() {
        if (id == null || versionId == null || versionId.isBlank()) {
            return null;
        }
        return id + "-" + versionId;
    }

    /** Parses the shell-like {@code KEY=value} format; unknown keys and malformed lines are ignored. */
    static OsRelease parse(String text) {
        Map<String, String> values = new HashMap<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            if (!key.matches("[A-Z0-9_]+")) {
                continue;
            }
            values.put(key, unquote(line.substring(eq + 1).strip()));
        }
        String id = values.get("ID");
        if (id == null || id.isBlank()) {
            return null;
        }
        return new OsRelease(
                id.toLowerCase(Locale.ROOT),
                blankToNull(values.get("VERSION_ID")),
                blankToNull(values.get("PRETTY_NAME")));
    }

    private static String unquote(String value) {
        if (value.length() >= 2
                && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            char quote = value.charAt(0);
            String inner = value.substring(1, value.length() - 1);
            if (quote == '\'') {
                return inner;
            }
            StringBuilder out = new StringBuilder(inner.length());
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '\\' && i + 1 < inner.length()) {
                    c = inner.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String leadingNumber(String version) {
        if (version == null) {
            return null;
        }
        Matcher m = LEADING_NUMBER.matcher(version);
        return m.find() ? m.group(1) : null;
    }

    private static String majorMinor(String version) {
        if (version == null) {
            return null;
        }
        Matcher m = MAJOR_MINOR.matcher(version);
        return m.find() ? m.group(1) + "." + m.group(2) : null;
    }
}
