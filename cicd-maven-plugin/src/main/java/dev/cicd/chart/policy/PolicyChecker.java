package dev.cicd.chart.policy;

import static dev.cicd.chart.policy.ManifestParser.text;

import dev.cicd.chart.policy.ManifestParser.Resource;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the manifests a chart renders against {@link PolicyRules}, so that problems show up when
 * the chart is built rather than when a cluster's admission control refuses it, or never.
 *
 * <p>Every violation in every environment is collected before anything is reported: fixing one
 * problem per build run is the slow way to learn a policy.
 */
public final class PolicyChecker {

    private static final Set<String> WORKLOADS_WITH_TEMPLATE =
            Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController");
    private static final List<String> RECOMMENDED_LABELS =
            List.of("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/version");
    private static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}");

    private final List<PolicyWaiver> waivers;

    public PolicyChecker(List<PolicyWaiver> waivers) {
        this.waivers = List.copyOf(Objects.requireNonNull(waivers, "waivers"));
    }

    public PolicyReport check(String environment, String renderedYaml) {
        return report(violations(environment, renderedYaml));
    }

    /**
     * Checks each environment's rendering, reporting in the map's iteration order (pass a
     * LinkedHashMap or TreeMap for a stable one); a waiver counts as used if it applied in any of them.
     */
    public PolicyReport check(Map<String, String> renderedByEnvironment) {
        List<PolicyViolation> all = new ArrayList<>();
        renderedByEnvironment.forEach((environment, rendered) -> all.addAll(violations(environment, rendered)));
        return report(all);
    }

    private PolicyReport report(List<PolicyViolation> found) {
        List<PolicyViolation> violations = new ArrayList<>();
        List<WaivedViolation> waived = new ArrayList<>();
        Set<PolicyWaiver> used = new LinkedHashSet<>();
        for (PolicyViolation violation : found) {
            List<PolicyWaiver> matching =
                    waivers.stream().filter(w -> w.appliesTo(violation)).toList();
            if (matching.isEmpty()) {
                violations.add(violation);
            } else {
                waived.add(new WaivedViolation(violation, matching.get(0)));
                used.addAll(matching);
            }
        }
        List<PolicyWaiver> unused =
                waivers.stream().filter(w -> !used.contains(w)).toList();
        return new PolicyReport(violations, waived, unused);
    }

    private static List<PolicyViolation> violations(String environment, String rendered) {
        List<PolicyViolation> violations = new ArrayList<>();
        for (Resource resource : ManifestParser.parse(environment, rendered)) {
            Sink sink = new Sink(environment, resource, violations);
            Map<?, ?> podSpec = podSpec(resource);
            if (podSpec != null) {
                Map<?, ?> podSecurity = map(podSpec.get("securityContext"));
                checkContainers(sink, podSpec.get("containers"), "containers", podSecurity);
                checkContainers(sink, podSpec.get("initContainers"), "initContainers", podSecurity);
            }
            if (resource.kind().equals("Deployment")) {
                checkDeploymentMetadata(sink, map(resource.body().get("metadata")));
            }
        }
        return violations;
    }

    private static Map<?, ?> podSpec(Resource resource) {
        Map<?, ?> spec = map(resource.body().get("spec"));
        String kind = resource.kind();
        if (kind.equals("Pod")) {
            return spec;
        }
        if (kind.equals("CronJob")) {
            spec = map(map(spec.get("jobTemplate")).get("spec"));
        } else if (!WORKLOADS_WITH_TEMPLATE.contains(kind)) {
            return null;
        }
        return map(map(spec.get("template")).get("spec"));
    }

    private static void checkContainers(Sink sink, Object containers, String section, Map<?, ?> podSecurity) {
        if (!(containers instanceof List<?> list)) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> container)) {
                continue;
            }
            String name = text(container.get("name"));
            String label = name != null ? name : section + "[" + i + "]";
            Map<?, ?> security = map(container.get("securityContext"));
            Map<?, ?> resources = map(container.get("resources"));
            sink.container(label, PolicyRules.IMG_TAG, imageProblem(container.get("image")));
            sink.container(label, PolicyRules.SEC_NONROOT, rootProblem(security, podSecurity));
            sink.container(label, PolicyRules.SEC_PRIVESC, escalationProblem(security));
            sink.container(label, PolicyRules.RES_REQUESTS, missing(map(resources.get("requests")), "requests"));
            sink.container(label, PolicyRules.RES_LIMITS, missing(map(resources.get("limits")), "limits"));
        }
    }

    private static void checkDeploymentMetadata(Sink sink, Map<?, ?> metadata) {
        Object cause = map(metadata.get("annotations")).get(CHANGE_CAUSE);
        if (text(cause) == null) {
            sink.resource(
                    PolicyRules.META_CHANGE_CAUSE,
                    cause == null ? "no " + CHANGE_CAUSE + " annotation" : CHANGE_CAUSE + " annotation is empty");
        }
        Map<?, ?> labels = map(metadata.get("labels"));
        List<String> missing = RECOMMENDED_LABELS.stream()
                .filter(l -> text(labels.get(l)) == null)
                .toList();
        if (!missing.isEmpty()) {
            sink.resource(
                    PolicyRules.META_LABELS,
                    "missing label" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing));
        }
    }

    /** Why the image is not pinned, or null if it is. */
    static String imageProblem(Object value) {
        String image = text(value);
        if (image == null) {
            return "no image set";
        }
        int at = image.indexOf('@');
        if (at >= 0) {
            // A digest names exactly one image whatever the tag says, so repo:latest@sha256:... is pinned.
            String digest = image.substring(at + 1);
            return DIGEST.matcher(digest).matches()
                    ? null
                    : "image " + image + " has an invalid digest '" + digest
                            + "' (expected e.g. sha256:<64 hex digits>)";
        }
        // A colon before the last slash belongs to a registry port (localhost:5000/app), not a tag.
        int colon = image.lastIndexOf(':');
        if (colon < 0 || colon < image.lastIndexOf('/')) {
            return "image " + image + " has no tag, so it runs whatever latest is at pull time";
        }
        String tag = image.substring(colon + 1);
        if (tag.isEmpty()) {
            return "image " + image + " has an empty tag (is the tag value set?)";
        }
        if (tag.equalsIgnoreCase("latest")) {
            return "image " + image + " uses tag 'latest', which changes under a running release";
        }
        return null;
    }

    /** Why the container may run as root, or null if it cannot; container settings override the pod's. */
    static String rootProblem(Map<?, ?> container, Map<?, ?> pod) {
        Setting user = Setting.of("runAsUser", container, pod);
        Setting nonRoot = Setting.of("runAsNonRoot", container, pod);
        if (user.value() != null) {
            BigDecimal uid = number(user.value());
            if (uid == null) {
                return "runAsUser '" + user.value() + "'" + user.origin() + " is not a user id";
            }
            if (uid.signum() == 0) {
                return "runs as root (runAsUser: 0" + user.origin() + ")"
                        + (Boolean.TRUE.equals(nonRoot.value())
                                ? "; with runAsNonRoot: true the kubelet refuses to start it"
                                : "");
            }
            if (uid.signum() < 0) {
                return "runAsUser " + uid + user.origin() + " is not a valid user id";
            }
            return null;
        }
        if (Boolean.TRUE.equals(nonRoot.value())) {
            return null;
        }
        if (nonRoot.value() == null) {
            return "runs as root (no runAsNonRoot, no runAsUser)";
        }
        return "may run as root (runAsNonRoot: " + nonRoot.value() + nonRoot.origin() + ", no runAsUser)";
    }

    /** Why the container may gain privileges, or null if it cannot. */
    static String escalationProblem(Map<?, ?> security) {
        if (Boolean.TRUE.equals(security.get("privileged"))) {
            return "runs privileged (privileged: true), which allows privilege escalation whatever else is set";
        }
        Object allow = security.get("allowPrivilegeEscalation");
        if (Boolean.FALSE.equals(allow)) {
            return null;
        }
        return allow == null
                ? "allowPrivilegeEscalation is not set (it defaults to true)"
                : "allowPrivilegeEscalation: " + allow;
    }

    private static String missing(Map<?, ?> amounts, String section) {
        List<String> missing = new ArrayList<>();
        for (String resource : List.of("cpu", "memory")) {
            if (text(amounts.get(resource)) == null) {
                missing.add(resource);
            }
        }
        return missing.isEmpty() ? null : "missing resources." + section + ": " + String.join(", ", missing);
    }

    private static BigDecimal number(Object value) {
        if (value instanceof Number) {
            try {
                return new BigDecimal(value.toString());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Map<?, ?> map(Object value) {
        return value instanceof Map<?, ?> map ? map : Map.of();
    }

    /** A securityContext field as Kubernetes resolves it, remembering which level set it. */
    private record Setting(Object value, String origin) {

        static Setting of(String field, Map<?, ?> container, Map<?, ?> pod) {
            if (container.get(field) != null) {
                return new Setting(container.get(field), "");
            }
            if (pod.get(field) != null) {
                return new Setting(pod.get(field), " from the pod securityContext");
            }
            return new Setting(null, "");
        }
    }

    private record Sink(String environment, Resource resource, List<PolicyViolation> out) {

        void container(String container, PolicyRule rule, String problem) {
            if (problem != null) {
                out.add(new PolicyViolation(
                        rule.id(), environment, resource.kind(), resource.name(), container, problem, rule.fix()));
            }
        }

        void resource(PolicyRule rule, String problem) {
            out.add(new PolicyViolation(
                    rule.id(), environment, resource.kind(), resource.name(), null, problem, rule.fix()));
        }
    }
}
