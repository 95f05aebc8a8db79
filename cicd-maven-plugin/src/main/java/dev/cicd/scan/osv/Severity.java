package dev.cicd.scan.osv;

import java.util.Locale;

/** Qualitative severity, lowest first, so that the natural order ranks findings. */
public enum Severity {
    UNKNOWN,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    /**
     * Reads the ratings databases write: GHSA's LOW/MODERATE/HIGH/CRITICAL, Ubuntu's priorities
     * (negligible, low, medium, high, critical), Debian's urgencies (unimportant, low, medium, high),
     * Red Hat's Low/Moderate/Important/Critical, and this enum's own names. Anything else, including
     * null, "untriaged" or "not yet assigned", is UNKNOWN.
     */
    public static Severity parse(String rating) {
        if (rating == null) {
            return UNKNOWN;
        }
        // Debian marks urgencies it assigned without review with asterisks ("low**").
        return switch (rating.strip().replace("*", "").toLowerCase(Locale.ROOT)) {
            case "critical" -> CRITICAL;
            case "high", "important" -> HIGH;
            case "medium", "moderate" -> MEDIUM;
            case "low", "negligible", "unimportant" -> LOW;
            default -> UNKNOWN;
        };
    }

    /** CVSS v3.x and v4.0 bands (0.1-3.9 low, 4.0-6.9 medium, 7.0-8.9 high, 9.0-10.0 critical). */
    public static Severity fromCvss3Score(double score) {
        if (score >= 9.0) {
            return CRITICAL;
        }
        if (score >= 7.0) {
            return HIGH;
        }
        if (score >= 4.0) {
            return MEDIUM;
        }
        // 0.0 is CVSS's "None": still reported, so ranked with the lowest rather than as unknown.
        return LOW;
    }

    /** CVSS v2 bands, which have no critical: below 4.0 low, below 7.0 medium, else high. */
    public static Severity fromCvss2Score(double score) {
        if (score >= 7.0) {
            return HIGH;
        }
        if (score >= 4.0) {
            return MEDIUM;
        }
        return LOW;
    }
}
