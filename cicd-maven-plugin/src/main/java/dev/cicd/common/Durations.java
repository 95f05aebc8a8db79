package dev.cicd.common;

import java.time.Duration;
import java.util.Locale;

/** Durations as people write them on a command line: {@code 30m}, {@code 24h}, {@code 7d}, or ISO-8601. */
public final class Durations {

    private Durations() {}

    /** @param where the setting, named in the error, e.g. {@code -Dcicd.approvalTtl} */
    public static Duration parse(String text, String where) {
        String value = text == null ? "" : text.trim();
        try {
            if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw CicdException.project(where + ": '" + text
                    + "' is not a duration; use 30m, 24h, 7d or ISO-8601 such as PT24H (" + where + "=24h)");
        }
    }
}
