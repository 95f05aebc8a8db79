package dev.cicd.chart.policy;

import dev.cicd.common.CicdException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Accepts the violations of one rule, for all resources or for those matching {@code resource}
 * ({@code Kind/name}, where either part may use {@code *} and {@code ?}, e.g. {@code Job/*}).
 *
 * <p>A waiver without a written reason is refused: a waiver is a decision someone must be able to
 * read and revisit later, not a switch to make the build green.
 */
public record PolicyWaiver(String rule, String reason, String resource) {

    private static final Pattern RESOURCE = Pattern.compile("[A-Za-z0-9*?]+/[A-Za-z0-9._*?-]+");

    public PolicyWaiver {
        if (rule == null || rule.isBlank()) {
            throw CicdException.project("a chart policy waiver has no rule; name one of " + PolicyRules.ids());
        }
        // Ids are printed in upper case, but a lower-case id in a configuration file means the same rule.
        rule = rule.trim().toUpperCase(Locale.ROOT);
        if (PolicyRules.find(rule).isEmpty()) {
            throw CicdException.project(
                    "chart policy waiver names unknown rule '" + rule + "'; known rules are " + PolicyRules.ids());
        }
        if (reason == null || reason.isBlank()) {
            throw CicdException.project("chart policy waiver for rule " + rule
                    + (resource == null || resource.isBlank() ? "" : " on " + resource.trim())
                    + " has no reason: a reason is required - write why the rule does not apply here");
        }
        reason = reason.trim();
        resource = resource == null || resource.isBlank() ? null : resource.trim();
        if (resource != null && !RESOURCE.matcher(resource).matches()) {
            throw CicdException.project("chart policy waiver for rule " + rule + " has resource '" + resource
                    + "'; write it as Kind/name, e.g. Deployment/delivery or Job/*");
        }
    }

    public static PolicyWaiver of(String rule, String reason) {
        return new PolicyWaiver(rule, reason, null);
    }

    /** Whether this waiver covers the violation; kinds compare case-insensitively, names exactly. */
    public boolean appliesTo(PolicyViolation violation) {
        if (!rule.equals(violation.rule())) {
            return false;
        }
        if (resource == null) {
            return true;
        }
        int slash = resource.indexOf('/');
        return glob(resource.substring(0, slash), true)
                        .matcher(violation.kind())
                        .matches()
                && glob(resource.substring(slash + 1), false)
                        .matcher(violation.name())
                        .matches();
    }

    /** How the waiver reads in the report. */
    public String describe() {
        return rule + (resource == null ? "" : " on " + resource) + " (reason: " + reason + ")";
    }

    private static Pattern glob(String glob, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
    }
}
