package dev.cicd.chart.policy;

/** A violation that does not fail the build because a waiver with a written reason covers it. */
public record WaivedViolation(PolicyViolation violation, PolicyWaiver waiver) {}
