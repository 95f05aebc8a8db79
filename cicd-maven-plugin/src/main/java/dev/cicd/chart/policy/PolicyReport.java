package dev.cicd.chart.policy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What the chart policy found. The build fails on {@link #violations()} only; {@code waived} and
 * {@code unusedWaivers} are there so that waivers stay visible and stale ones get removed.
 */
// "passed" is written to policy.json for CI systems, but it is derived, so reading the file back ignores it.
@JsonIgnoreProperties(value = "passed", allowGetters = true)
public record PolicyReport(
        List<PolicyViolation> violations, List<WaivedViolation> waived, List<PolicyWaiver> unusedWaivers) {

    private static final int MAX_MESSAGE_WIDTH = 60;

    public PolicyReport {
        violations = List.copyOf(violations);
        waived = List.copyOf(waived);
        unusedWaivers = List.copyOf(unusedWaivers);
    }

    @JsonProperty("passed")
    public boolean passed() {
        return violations.isEmpty();
    }

    /** One line for the build log and for the exception that fails {@code verify}. */
    public String summary() {
        long resources = violations.stream()
                .map(v -> v.kind() + "/" + v.name())
                .distinct()
                .count();
        StringBuilder summary = new StringBuilder("Chart policy: ");
        if (passed()) {
            summary.append("passed");
        } else {
            summary.append(String.format(
                    Locale.ROOT,
                    "%d violation%s in %d resource%s",
                    violations.size(),
                    violations.size() == 1 ? "" : "s",
                    resources,
                    resources == 1 ? "" : "s"));
        }
        if (!waived.isEmpty()) {
            summary.append(", ").append(waived.size()).append(" waived");
        }
        if (!unusedWaivers.isEmpty()) {
            summary.append(", ")
                    .append(unusedWaivers.size())
                    .append(" unused waiver")
                    .append(unusedWaivers.size() == 1 ? "" : "s");
        }
        return summary.toString();
    }

    /**
     * The summary, then every violation as a table row (resource, container, rule, problem, fix),
     * then the waived violations with their reasons and the waivers that matched nothing. A
     * violation found the same way in several environments is one row naming them.
     */
    public List<String> lines() {
        boolean severalEnvironments =
                Stream.concat(violations.stream(), waived.stream().map(WaivedViolation::violation))
                                .map(PolicyViolation::environment)
                                .distinct()
                                .count()
                        > 1;
        List<Row> rows =
                rows(violations.stream().map(v -> new WaivedViolation(v, null)).toList(), severalEnvironments);
        List<Row> waivedRows = rows(waived, severalEnvironments);

        List<Row> all = new ArrayList<>(rows);
        all.addAll(waivedRows);
        int resourceWidth = width(all, Row::resource, Integer.MAX_VALUE);
        int containerWidth = width(all, Row::container, Integer.MAX_VALUE);
        int ruleWidth = width(all, Row::rule, Integer.MAX_VALUE);
        int messageWidth = width(rows, Row::message, MAX_MESSAGE_WIDTH);

        List<String> lines = new ArrayList<>();
        lines.add(summary());
        for (Row row : rows) {
            lines.add(("  " + pad(row.resource(), resourceWidth) + "  " + pad(row.container(), containerWidth) + "  "
                            + pad(row.rule(), ruleWidth) + "  " + pad(row.message(), messageWidth) + "  fix: "
                            + row.fix()
                            + row.environments())
                    .stripTrailing());
        }
        for (Row row : waivedRows) {
            lines.add(("  waived: " + pad(row.resource(), resourceWidth) + "  " + pad(row.container(), containerWidth)
                            + "  " + pad(row.rule(), ruleWidth) + "  " + row.message() + "  reason: " + row.reason()
                            + row.environments())
                    .stripTrailing());
        }
        for (PolicyWaiver waiver : unusedWaivers) {
            lines.add(
                    "  unused waiver: " + waiver.describe() + " matched nothing; remove it if it is no longer needed");
        }
        return lines;
    }

    private record Row(
            String resource,
            String container,
            String rule,
            String message,
            String fix,
            String reason,
            String environments) {}

    /**
     * Rows in the order found, merging violations that differ only in their environment; the
     * waiver is null for violations that are not waived.
     */
    private static List<Row> rows(List<WaivedViolation> found, boolean severalEnvironments) {
        Map<List<Object>, Set<String>> environments = new LinkedHashMap<>();
        Map<List<Object>, WaivedViolation> first = new LinkedHashMap<>();
        for (WaivedViolation w : found) {
            PolicyViolation v = w.violation();
            List<Object> key = Arrays.asList(v.rule(), v.kind(), v.name(), v.container(), v.message(), w.waiver());
            first.putIfAbsent(key, w);
            environments.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(Objects.toString(v.environment(), "-"));
        }
        List<Row> rows = new ArrayList<>();
        first.forEach((key, w) -> {
            PolicyViolation v = w.violation();
            rows.add(new Row(
                    v.resource(),
                    v.container() == null ? "" : "container " + v.container(),
                    v.rule(),
                    v.message(),
                    v.fix(),
                    w.waiver() == null ? null : w.waiver().reason(),
                    severalEnvironments ? "  [" + String.join(", ", environments.get(key)) + "]" : ""));
        });
        return rows;
    }

    private static int width(List<Row> rows, Function<Row, String> column, int max) {
        return Math.min(
                max, rows.stream().mapToInt(r -> column.apply(r).length()).max().orElse(0));
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
