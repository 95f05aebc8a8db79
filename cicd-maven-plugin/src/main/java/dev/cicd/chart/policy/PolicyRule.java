package dev.cicd.chart.policy;

/**
 * One check on rendered manifests. The {@code id} is what people write in waivers and search for
 * in CI logs, so it never changes once released; {@code fix} is the one-line remedy printed next to
 * every violation.
 */
public record PolicyRule(String id, String title, String fix) {}
