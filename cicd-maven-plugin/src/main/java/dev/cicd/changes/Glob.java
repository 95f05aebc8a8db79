package dev.cicd.changes;

import dev.cicd.common.CicdException;
import java.util.regex.Pattern;

/**
 * A path glob over '/'-separated relative paths: {@code **} any number of segments (also none),
 * {@code *} any characters within a segment, {@code ?} one character, {@code [abc]} / {@code [!abc]}
 * a character class, {@code {a,b}} alternatives.
 *
 * <p>A glob that matches a directory also matches everything below it, so {@code libs/proto},
 * {@code libs/proto/} and {@code libs/proto/**} mean the same: people write folder names in
 * trigger filters and expect the folder's contents, as CI path filters do.
 *
 * <p>Written by hand rather than with {@code FileSystem.getPathMatcher("glob:")} because the JDK
 * glob makes {@code **}{@code /*.md} miss a top-level {@code README.md} and follows the platform's
 * separator on Windows, while git paths always use '/'.
 */
final class Glob {

    private final String pattern;
    private final Pattern regex;

    private Glob(String pattern, Pattern regex) {
        this.pattern = pattern;
        this.regex = regex;
    }

    static Glob compile(String glob) {
        String normalised = normalise(glob);
        if (normalised.isEmpty()) {
            throw CicdException.project("Empty path pattern '" + glob + "' in the change detection configuration;"
                    + " remove it or name a path such as docs/** or **/*.md.");
        }
        try {
            return new Glob(normalised, Pattern.compile("^" + toRegex(normalised) + "(?:/.*)?$"));
        } catch (IllegalArgumentException e) {
            throw CicdException.project("Path pattern '" + glob + "' is not a valid glob (" + e.getMessage()
                    + "); use ** for any depth, * within a folder, ? for one character.");
        }
    }

    boolean matches(String relativePath) {
        return regex.matcher(relativePath).matches();
    }

    String pattern() {
        return pattern;
    }

    /** Backslashes as separators, a leading "./" or "/" and a trailing "/" all say nothing more. */
    static String normalise(String glob) {
        String p = glob == null ? "" : glob.trim().replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.replaceAll("/{2,}", "/");
    }

    private static String toRegex(String glob) {
        StringBuilder out = new StringBuilder();
        int braces = 0;
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*') {
                boolean doubleStar = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
                if (doubleStar) {
                    boolean segmentStart = i == 0 || glob.charAt(i - 1) == '/';
                    int after = i + 2;
                    if (segmentStart && after < glob.length() && glob.charAt(after) == '/') {
                        // "**/" may stand for no folder at all: **/*.md matches README.md.
                        out.append("(?:.*/)?");
                        i = after + 1;
                    } else {
                        out.append(".*");
                        i = after;
                    }
                } else {
                    out.append("[^/]*");
                    i++;
                }
            } else if (c == '?') {
                out.append("[^/]");
                i++;
            } else if (c == '[') {
                int end = glob.indexOf(']', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed [");
                }
                String body = glob.substring(i + 1, end);
                if (body.startsWith("!")) {
                    body = "^" + body.substring(1);
                }
                out.append('[')
                        .append(body.replace("\\", "\\\\").replace("[", "\\["))
                        .append(']');
                i = end + 1;
            } else if (c == '{') {
                braces++;
                out.append("(?:");
                i++;
            } else if (c == '}' && braces > 0) {
                braces--;
                out.append(')');
                i++;
            } else if (c == ',' && braces > 0) {
                out.append('|');
                i++;
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        if (braces > 0) {
            throw new IllegalArgumentException("unclosed {");
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
