package dev.cicd.chart.policy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The rules the chart policy enforces, in the order violations are reported for a container. */
public final class PolicyRules {

    public static final PolicyRule IMG_TAG = new PolicyRule(
            "IMG-TAG",
            "Images are pinned to a version tag or digest",
            "pin the image to a version tag or digest (values: image.tag / image.digest)");

    public static final PolicyRule SEC_NONROOT = new PolicyRule(
            "SEC-NONROOT",
            "Containers run as a non-root user",
            "set securityContext.runAsNonRoot: true and a non-zero runAsUser");

    public static final PolicyRule SEC_PRIVESC = new PolicyRule(
            "SEC-PRIVESC",
            "Containers cannot gain more privileges than they start with",
            "set securityContext.allowPrivilegeEscalation: false and do not run privileged");

    public static final PolicyRule RES_REQUESTS = new PolicyRule(
            "RES-REQUESTS",
            "Containers request CPU and memory",
            "set resources.requests.cpu and resources.requests.memory (values: resources.requests)");

    public static final PolicyRule RES_LIMITS = new PolicyRule(
            "RES-LIMITS",
            "Containers have CPU and memory limits",
            "set resources.limits.cpu and resources.limits.memory (values: resources.limits)");

    public static final PolicyRule META_CHANGE_CAUSE = new PolicyRule(
            "META-CHANGE-CAUSE",
            "Deployments record why they changed",
            "annotate the Deployment with kubernetes.io/change-cause (e.g. the version and commit being deployed)");

    public static final PolicyRule META_LABELS = new PolicyRule(
            "META-LABELS",
            "Deployments carry the standard app.kubernetes.io labels",
            "set app.kubernetes.io/name, app.kubernetes.io/instance and app.kubernetes.io/version"
                    + " in the Deployment's metadata.labels");

    private static final List<PolicyRule> ALL =
            List.of(IMG_TAG, SEC_NONROOT, SEC_PRIVESC, RES_REQUESTS, RES_LIMITS, META_CHANGE_CAUSE, META_LABELS);

    private PolicyRules() {}

    public static List<PolicyRule> all() {
        return ALL;
    }

    public static Optional<PolicyRule> find(String id) {
        return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The known ids, comma-separated, for error messages. */
    public static String ids() {
        return ALL.stream().map(PolicyRule::id).collect(Collectors.joining(", "));
    }
}
