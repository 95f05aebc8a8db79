package dev.cicd.maven;

import dev.cicd.chart.policy.PolicyWaiver;

/**
 * A policy rule waived in the POM, always with a written reason:
 *
 * <pre>{@code
 * <policyWaivers>
 *   <waiver>
 *     <rule>RES-LIMITS</rule>
 *     <resource>Job/db-migrate</resource>
 *     <reason>one-off migration job, bounded by activeDeadlineSeconds</reason>
 *   </waiver>
 * </policyWaivers>
 * }</pre>
 */
public class Waiver {
    /** The rule id, e.g. {@code SEC-NONROOT}. */
    String rule;
    /** Why the rule does not apply here; required. */
    String reason;
    /** {@code Kind/name} (globs allowed) the waiver is limited to; all resources when empty. */
    String resource;

    PolicyWaiver toPolicyWaiver() {
        return new PolicyWaiver(rule, reason, resource);
    }
}
