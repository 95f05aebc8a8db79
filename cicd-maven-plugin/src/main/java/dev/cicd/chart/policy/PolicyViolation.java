package dev.cicd.chart.policy;

/**
 * A rule a rendered resource breaks. {@code container} is null for rules about the resource itself
 * (labels, annotations); {@code environment} is the one whose values produced the manifest.
 */
public record PolicyViolation(
        String rule, String environment, String kind, String name, String container, String message, String fix) {

    /** {@code Kind/name}, the form waivers use. */
    public String resource() {
        return kind + "/" + name;
    }
}
