package dev.cicd.testkube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Plays Kubernetes' Deployment controller (and the kubelet, for the pods it would run): ReplicaSets per
 * distinct pod template with revision annotations, Pods, status and conditions, and a rollout that never
 * becomes ready when the template carries the failure marker. Nothing runs, so a rollout that is not
 * marked to fail is complete at once.
 */
final class DeploymentController {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
    static final String FAIL_ROLLOUT_ANNOTATION = "cicd.dev/stand-in-fail-rollout";
    static final String POD_TEMPLATE_HASH = "pod-template-hash";
    static final String NODE_NAME = "stand-in-node";

    /** Annotations the real controller does not copy from a Deployment to its ReplicaSets. */
    private static final Set<String> NOT_COPIED = Set.of(
            REVISION,
            REVISION_HISTORY,
            DESIRED_REPLICAS,
            MAX_REPLICAS,
            "kubectl.kubernetes.io/last-applied-configuration",
            "deprecated.deployment.rollback.to");

    private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final ObjectStore store;
    private final ApiCatalog.ResourceType deployments;
    private final ApiCatalog.ResourceType replicaSets;
    private final ApiCatalog.ResourceType pods;
    private final ApiCatalog.ResourceType events;
    /** Runs a task later, under the stand-in's lock: how a failing rollout reaches its deadline. */
    private final BiConsumer<Duration, Runnable> later;

    private final Random random = new SecureRandom();
    /** When each failing ReplicaSet (by uid) started its rollout. */
    private final Map<String, Instant> failingSince = new ConcurrentHashMap<>();

    private volatile String failureMarker = "fail-rollout";
    private volatile Duration progressDeadline = Duration.ZERO;
    private volatile Duration readyDelay = Duration.ZERO;
    private final Map<String, Instant> startedAt = new ConcurrentHashMap<>();

    DeploymentController(ObjectStore store, ApiCatalog catalog, BiConsumer<Duration, Runnable> later) {
        this.store = store;
        this.deployments = catalog.byPlural("apps", "v1", "deployments").orElseThrow();
        this.replicaSets = catalog.byPlural("apps", "v1", "replicasets").orElseThrow();
        this.pods = catalog.byPlural("", "v1", "pods").orElseThrow();
        this.events = catalog.byPlural("", "v1", "events").orElseThrow();
        this.later = later;
    }

    void setFailureMarker(String marker) {
        this.failureMarker = marker;
    }

    void setReadyDelay(Duration delay) {
        this.readyDelay = delay;
    }

    void setProgressDeadline(Duration deadline) {
        this.progressDeadline = deadline;
    }

    /** The API server's defaults for a Deployment, so clients see what a cluster would store. */
    static void applyDefaults(ObjectNode deployment) {
        ObjectNode spec = Json.child(deployment, "spec");
        if (!spec.hasNonNull("replicas")) {
            spec.put("replicas", 1);
        }
        if (!spec.hasNonNull("revisionHistoryLimit")) {
            spec.put("revisionHistoryLimit", 10);
        }
        if (!spec.hasNonNull("progressDeadlineSeconds")) {
            spec.put("progressDeadlineSeconds", 600);
        }
        ObjectNode strategy = Json.child(spec, "strategy");
        if (!strategy.hasNonNull("type")) {
            strategy.put("type", "RollingUpdate");
        }
        if ("RollingUpdate".equals(strategy.path("type").asText())) {
            ObjectNode rollingUpdate = Json.child(strategy, "rollingUpdate");
            if (!rollingUpdate.hasNonNull("maxSurge")) {
                rollingUpdate.put("maxSurge", "25%");
            }
            if (!rollingUpdate.hasNonNull("maxUnavailable")) {
                rollingUpdate.put("maxUnavailable", "25%");
            }
        }
    }

    void reconcile(String namespace, String name) {
        ObjectNode deployment = store.get(deployments.objectPath(namespace, name));
        if (deployment == null) {
            return;
        }
        String uid = Json.text(deployment, "metadata", "uid");
        int replicas = deployment.path("spec").path("replicas").asInt(1);
        ObjectNode template = (ObjectNode) deployment.path("spec").path("template");
        List<ObjectNode> owned = new ArrayList<>();
        for (ObjectNode rs : store.list(replicaSets.collectionPath(namespace))) {
            if (isControlledBy(rs, uid)) {
                owned.add(rs);
            }
        }
        owned.sort(Comparator.comparingLong(DeploymentController::revision));
        long maxRevision =
                owned.stream().mapToLong(DeploymentController::revision).max().orElse(0);

        ObjectNode newRs = owned.stream()
                .filter(rs -> equalIgnoringHash(rs.path("spec").path("template"), template))
                .findFirst()
                .orElse(null);
        if (newRs == null) {
            newRs = store.create(
                    replicaSets.collectionPath(namespace), newReplicaSet(deployment, template, maxRevision + 1));
            recordEvent(
                    deployment,
                    "Normal",
                    "ScalingReplicaSet",
                    "Scaled up replica set " + Json.text(newRs, "metadata", "name") + " from 0 to " + replicas,
                    "deployment-controller");
        } else {
            newRs = updateReplicaSetAnnotations(deployment, newRs, maxRevision);
        }
        String newRsUid = Json.text(newRs, "metadata", "uid");
        List<ObjectNode> oldSets = new ArrayList<>(owned);
        oldSets.removeIf(rs -> Json.text(rs, "metadata", "uid").equals(newRsUid));

        boolean paused = deployment.path("spec").path("paused").asBoolean(false);
        boolean failing = !paused && failureReason(template) != null;
        int maxUnavailable = maxUnavailable(deployment, replicas);
        if (!paused) {
            if (failing) {
                rollOutFailing(deployment, newRs, oldSets, replicas, maxUnavailable);
            } else {
                failingSince.remove(newRsUid);
                Instant started = startedAt.computeIfAbsent(newRsUid, key -> Instant.now());
                Duration left = readyDelay.minus(Duration.between(started, Instant.now()));
                if (left.isNegative() || left.isZero()) {
                    scale(newRs, replicas, true);
                    oldSets.forEach(rs -> scale(rs, 0, true));
                    pruneHistory(deployment, oldSets);
                } else {
                    // A healthy rollout that takes its time: new pods not ready yet, the old ones still serving.
                    scale(newRs, replicas, false);
                    later.accept(left, () -> reconcile(namespace, name));
                }
            }
        }
        updateDeployment(deployment, newRs, maxUnavailable, failing);
    }

    private void rollOutFailing(
            ObjectNode deployment, ObjectNode newRs, List<ObjectNode> oldSets, int replicas, int maxUnavailable) {
        boolean firstTime = failingSince.putIfAbsent(Json.text(newRs, "metadata", "uid"), Instant.now()) == null;
        int oldActive = oldSets.stream()
                .mapToInt(rs -> rs.path("spec").path("replicas").asInt(0))
                .sum();
        boolean recreate = "Recreate".equals(Json.text(deployment, "spec", "strategy", "type"));
        int keepOld = recreate ? 0 : Math.min(oldActive, Math.max(replicas - maxUnavailable, 0));
        int surge = recreate ? 0 : maxSurge(deployment, replicas);
        int newCount = keepOld == 0 ? replicas : Math.min(replicas, replicas + surge - keepOld);
        // Old pods stay where the real controller would leave them: the newest old ReplicaSet keeps them.
        int remaining = keepOld;
        for (int i = oldSets.size() - 1; i >= 0; i--) {
            ObjectNode rs = oldSets.get(i);
            scale(rs, remaining, true);
            remaining = 0;
        }
        List<ObjectNode> created = scale(newRs, newCount, false);
        if (firstTime || !created.isEmpty()) {
            String reason = failureReason((ObjectNode) deployment.path("spec").path("template"));
            for (ObjectNode pod : created.isEmpty()
                    ? store.list(pods.collectionPath(Json.text(newRs, "metadata", "namespace"))).stream()
                            .filter(p -> isControlledBy(p, Json.text(newRs, "metadata", "uid")))
                            .toList()
                    : created) {
                recordPodFailure(pod, reason);
            }
        }
    }

    /**
     * Sets a ReplicaSet's size and makes its pods match: ready pods for a healthy template, pods stuck
     * waiting for a failing one. Returns the pods it created.
     */
    private List<ObjectNode> scale(ObjectNode rs, int replicas, boolean ready) {
        String namespace = Json.text(rs, "metadata", "namespace");
        String rsPath = replicaSets.objectPath(namespace, Json.text(rs, "metadata", "name"));
        if (rs.path("spec").path("replicas").asInt(-1) != replicas) {
            ObjectNode current = store.get(rsPath);
            ((ObjectNode) current.get("spec")).put("replicas", replicas);
            rs = store.update(rsPath, current);
        }
        String rsUid = Json.text(rs, "metadata", "uid");
        List<ObjectNode> existing = new ArrayList<>(store.list(pods.collectionPath(namespace)).stream()
                .filter(p -> isControlledBy(p, rsUid))
                .toList());
        while (existing.size() > replicas) {
            ObjectNode pod = existing.remove(existing.size() - 1);
            store.delete(pods.objectPath(namespace, Json.text(pod, "metadata", "name")));
        }
        List<ObjectNode> created = new ArrayList<>();
        while (existing.size() + created.size() < replicas) {
            created.add(store.create(pods.collectionPath(namespace), newPod(rs, ready)));
        }
        int readyCount = ready ? replicas : 0;
        ObjectNode status = Json.object();
        status.put("replicas", replicas);
        if (replicas > 0) {
            status.put("fullyLabeledReplicas", replicas);
        }
        if (readyCount > 0) {
            status.put("readyReplicas", readyCount);
            status.put("availableReplicas", readyCount);
        }
        status.put("observedGeneration", rs.path("metadata").path("generation").asLong(1));
        if (!status.equals(rs.get("status"))) {
            ObjectNode withStatus = store.get(rsPath);
            withStatus.set("status", status);
            store.updateStatus(rsPath, withStatus);
        }
        return created;
    }

    private ObjectNode newReplicaSet(ObjectNode deployment, ObjectNode template, long revision) {
        String hash = podTemplateHash(template);
        ObjectNode rs = Json.object();
        rs.put("apiVersion", "apps/v1");
        rs.put("kind", "ReplicaSet");
        ObjectNode metadata = rs.putObject("metadata");
        metadata.put("name", Json.text(deployment, "metadata", "name") + "-" + hash);
        metadata.put("namespace", Json.text(deployment, "metadata", "namespace"));
        ObjectNode labels = metadata.putObject("labels");
        if (template.path("metadata").path("labels").isObject()) {
            labels.setAll((ObjectNode) template.path("metadata").path("labels"));
        }
        labels.put(POD_TEMPLATE_HASH, hash);
        ObjectNode annotations = metadata.putObject("annotations");
        copyAnnotations(deployment, annotations);
        annotations.put(REVISION, String.valueOf(revision));
        int replicas = deployment.path("spec").path("replicas").asInt(1);
        annotations.put(DESIRED_REPLICAS, String.valueOf(replicas));
        annotations.put(MAX_REPLICAS, String.valueOf(replicas + maxSurge(deployment, replicas)));
        metadata.putArray("ownerReferences").add(ownerReference(deployment));

        ObjectNode spec = rs.putObject("spec");
        spec.put("replicas", 0);
        if (deployment.path("spec").has("minReadySeconds")) {
            spec.set("minReadySeconds", deployment.path("spec").get("minReadySeconds"));
        }
        ObjectNode selector = deployment.path("spec").path("selector").isObject()
                ? ((ObjectNode) deployment.path("spec").path("selector")).deepCopy()
                : Json.object();
        Json.child(selector, "matchLabels").put(POD_TEMPLATE_HASH, hash);
        spec.set("selector", selector);
        ObjectNode rsTemplate = template.deepCopy();
        Json.child(Json.child(rsTemplate, "metadata"), "labels").put(POD_TEMPLATE_HASH, hash);
        spec.set("template", rsTemplate);
        return rs;
    }

    /**
     * Keeps the ReplicaSet's copied annotations current and, when an older template comes back (a
     * rollback), gives its ReplicaSet the next revision, remembering the old one in revision-history.
     */
    private ObjectNode updateReplicaSetAnnotations(ObjectNode deployment, ObjectNode rs, long maxRevision) {
        ObjectNode updated = rs.deepCopy();
        ObjectNode annotations = Json.child(Json.metadata(updated), "annotations");
        copyAnnotations(deployment, annotations);
        long revision = revision(rs);
        if (revision < maxRevision) {
            String history = annotations.path(REVISION_HISTORY).asText("");
            annotations.put(REVISION_HISTORY, history.isEmpty() ? String.valueOf(revision) : history + "," + revision);
            annotations.put(REVISION, String.valueOf(maxRevision + 1));
        }
        if (updated.equals(rs)) {
            return rs;
        }
        return store.update(
                replicaSets.objectPath(Json.text(rs, "metadata", "namespace"), Json.text(rs, "metadata", "name")),
                updated);
    }

    private static void copyAnnotations(ObjectNode deployment, ObjectNode annotations) {
        deployment.path("metadata").path("annotations").fields().forEachRemaining(e -> {
            if (!NOT_COPIED.contains(e.getKey())) {
                annotations.set(e.getKey(), e.getValue());
            }
        });
    }

    /** Deletes old, scaled-down ReplicaSets beyond spec.revisionHistoryLimit, oldest first. */
    private void pruneHistory(ObjectNode deployment, List<ObjectNode> oldSets) {
        int limit = deployment.path("spec").path("revisionHistoryLimit").asInt(10);
        int excess = oldSets.size() - limit;
        for (int i = 0; i < excess; i++) {
            ObjectNode rs = oldSets.get(i);
            store.delete(
                    replicaSets.objectPath(Json.text(rs, "metadata", "namespace"), Json.text(rs, "metadata", "name")));
        }
    }

    private void updateDeployment(ObjectNode deployment, ObjectNode newRs, int maxUnavailable, boolean failing) {
        String namespace = Json.text(deployment, "metadata", "namespace");
        String path = deployments.objectPath(namespace, Json.text(deployment, "metadata", "name"));
        String revision = Json.text(newRs, "metadata", "annotations", REVISION);
        ObjectNode current = store.get(path);
        ObjectNode annotations = Json.child(Json.metadata(current), "annotations");
        if (!revision.equals(annotations.path(REVISION).asText())) {
            annotations.put(REVISION, revision);
            current = store.update(path, current);
        }

        String uid = Json.text(current, "metadata", "uid");
        int total = 0;
        int ready = 0;
        int available = 0;
        for (ObjectNode rs : store.list(replicaSets.collectionPath(namespace))) {
            if (isControlledBy(rs, uid)) {
                total += rs.path("spec").path("replicas").asInt(0);
                ready += rs.path("status").path("readyReplicas").asInt(0);
                available += rs.path("status").path("availableReplicas").asInt(0);
            }
        }
        ObjectNode latestNewRs = store.get(replicaSets.objectPath(namespace, Json.text(newRs, "metadata", "name")));
        int updated = latestNewRs.path("spec").path("replicas").asInt(0);
        int replicas = current.path("spec").path("replicas").asInt(1);
        ObjectNode previous = current.path("status").isObject() ? (ObjectNode) current.get("status") : Json.object();

        ObjectNode status = Json.object();
        status.put(
                "observedGeneration",
                current.path("metadata").path("generation").asLong(1));
        putIfPositive(status, "replicas", total);
        putIfPositive(status, "updatedReplicas", updated);
        putIfPositive(status, "readyReplicas", ready);
        putIfPositive(status, "availableReplicas", available);
        putIfPositive(status, "unavailableReplicas", total - available);
        ArrayNode conditions = status.putArray("conditions");
        boolean minimumAvailable = available >= replicas - maxUnavailable;
        conditions.add(condition(
                previous,
                "Available",
                minimumAvailable,
                minimumAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                minimumAvailable
                        ? "Deployment has minimum availability."
                        : "Deployment does not have minimum availability."));
        String rsName = Json.text(newRs, "metadata", "name");
        if (current.path("spec").path("paused").asBoolean(false)) {
            conditions.add(condition(previous, "Progressing", false, "DeploymentPaused", "Deployment is paused"));
        } else if (!failing) {
            conditions.add(condition(
                    previous,
                    "Progressing",
                    true,
                    "NewReplicaSetAvailable",
                    "ReplicaSet \"" + rsName + "\" has successfully progressed."));
        } else {
            Instant since = failingSince.getOrDefault(Json.text(newRs, "metadata", "uid"), Instant.now());
            Duration waited = Duration.between(since, Instant.now());
            if (waited.compareTo(progressDeadline) >= 0) {
                conditions.add(condition(
                        previous,
                        "Progressing",
                        false,
                        "ProgressDeadlineExceeded",
                        "ReplicaSet \"" + rsName + "\" has timed out progressing."));
            } else {
                conditions.add(condition(
                        previous,
                        "Progressing",
                        true,
                        "ReplicaSetUpdated",
                        "ReplicaSet \"" + rsName + "\" is progressing."));
                String name = Json.text(current, "metadata", "name");
                later.accept(progressDeadline.minus(waited), () -> reconcile(namespace, name));
            }
        }
        if (!status.equals(previous)) {
            current.set("status", status);
            store.updateStatus(path, current);
        }
    }

    /** A condition that keeps its transition time while its status stays, as the controller does. */
    private static ObjectNode condition(
            ObjectNode previousStatus, String type, boolean status, String reason, String message) {
        String now = Json.timestamp(Instant.now());
        ObjectNode old = null;
        for (JsonNode existing : previousStatus.path("conditions")) {
            if (type.equals(existing.path("type").asText())) {
                old = (ObjectNode) existing;
            }
        }
        String statusText = status ? "True" : "False";
        ObjectNode condition = Json.object();
        condition.put("type", type);
        condition.put("status", statusText);
        boolean same = old != null && statusText.equals(old.path("status").asText());
        boolean unchanged = same
                && reason.equals(old.path("reason").asText())
                && message.equals(old.path("message").asText());
        condition.put("lastUpdateTime", unchanged ? old.path("lastUpdateTime").asText(now) : now);
        condition.put(
                "lastTransitionTime", same ? old.path("lastTransitionTime").asText(now) : now);
        condition.put("reason", reason);
        condition.put("message", message);
        return condition;
    }

    private ObjectNode newPod(ObjectNode rs, boolean ready) {
        ObjectNode template = (ObjectNode) rs.path("spec").path("template");
        String namespace = Json.text(rs, "metadata", "namespace");
        ObjectNode pod = Json.object();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata");
        metadata.put("name", Json.text(rs, "metadata", "name") + "-" + randomSuffix(5));
        metadata.put("namespace", namespace);
        if (template.path("metadata").path("labels").isObject()) {
            metadata.set("labels", template.path("metadata").path("labels").deepCopy());
        }
        if (template.path("metadata").path("annotations").isObject()) {
            metadata.set(
                    "annotations", template.path("metadata").path("annotations").deepCopy());
        }
        metadata.putArray("ownerReferences").add(ownerReference(rs));
        ObjectNode spec =
                template.path("spec").isObject() ? ((ObjectNode) template.get("spec")).deepCopy() : Json.object();
        spec.put("nodeName", NODE_NAME);
        pod.set("spec", spec);

        String now = Json.timestamp(Instant.now());
        ObjectNode status = pod.putObject("status");
        status.put("phase", ready ? "Running" : "Pending");
        status.put("hostIP", "10.0.0.1");
        status.put("podIP", "10.244.0." + (2 + random.nextInt(250)));
        status.put("startTime", now);
        status.put("qosClass", "BestEffort");
        ArrayNode conditions = status.putArray("conditions");
        for (String type :
                List.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")) {
            boolean met = ready || !(type.equals("Ready") || type.equals("ContainersReady"));
            ObjectNode condition = conditions.addObject();
            condition.put("type", type);
            condition.put("status", met ? "True" : "False");
            condition.put("lastTransitionTime", now);
            if (!met) {
                condition.put("reason", "ContainersNotReady");
                condition.put(
                        "message", "containers with unready status: [" + String.join(" ", containerNames(spec)) + "]");
            }
        }
        ArrayNode statuses = status.putArray("containerStatuses");
        for (JsonNode container : spec.path("containers")) {
            ObjectNode containerStatus = statuses.addObject();
            String image = container.path("image").asText();
            containerStatus.put("name", container.path("name").asText());
            containerStatus.put("image", image);
            containerStatus.put("imageID", ready ? image + "@sha256:" + "0".repeat(64) : "");
            containerStatus.put("ready", ready);
            containerStatus.put("started", ready);
            containerStatus.put("restartCount", 0);
            ObjectNode state = containerStatus.putObject("state");
            if (ready) {
                state.putObject("running").put("startedAt", now);
            } else if (failsImage(image)) {
                state.putObject("waiting")
                        .put("reason", "ImagePullBackOff")
                        .put("message", "Back-off pulling image \"" + image + "\"");
            } else {
                state.putObject("waiting")
                        .put("reason", "CrashLoopBackOff")
                        .put(
                                "message",
                                "back-off 5m0s restarting failed container="
                                        + container.path("name").asText());
            }
        }
        return pod;
    }

    private void recordPodFailure(ObjectNode pod, String reason) {
        for (JsonNode container : pod.path("spec").path("containers")) {
            String image = container.path("image").asText();
            String name = container.path("name").asText();
            if (failsImage(image)) {
                recordEvent(pod, "Warning", "Failed", "Failed to pull image \"" + image + "\": " + reason, "kubelet");
                recordEvent(pod, "Warning", "Failed", "Error: ErrImagePull", "kubelet");
                recordEvent(pod, "Warning", "BackOff", "Back-off pulling image \"" + image + "\"", "kubelet");
            } else if (!failsImage(image) && failureReasonIsAnnotation(pod)) {
                recordEvent(
                        pod,
                        "Warning",
                        "BackOff",
                        "Back-off restarting failed container " + name + " in pod " + Json.text(pod, "metadata", "name")
                                + ": " + reason,
                        "kubelet");
            }
        }
    }

    private boolean failureReasonIsAnnotation(ObjectNode pod) {
        return "true".equalsIgnoreCase(Json.text(pod, "metadata", "annotations", FAIL_ROLLOUT_ANNOTATION));
    }

    private void recordEvent(ObjectNode involved, String type, String reason, String message, String component) {
        String namespace = Json.text(involved, "metadata", "namespace");
        String now = Json.timestamp(Instant.now());
        ObjectNode event = Json.object();
        event.put("apiVersion", "v1");
        event.put("kind", "Event");
        ObjectNode metadata = event.putObject("metadata");
        metadata.put("name", Json.text(involved, "metadata", "name") + "." + Long.toHexString(random.nextLong()));
        metadata.put("namespace", namespace);
        ObjectNode object = event.putObject("involvedObject");
        object.put("apiVersion", involved.path("apiVersion").asText());
        object.put("kind", involved.path("kind").asText());
        object.put("name", Json.text(involved, "metadata", "name"));
        object.put("namespace", namespace);
        object.put("uid", Json.text(involved, "metadata", "uid"));
        object.put("resourceVersion", Json.text(involved, "metadata", "resourceVersion"));
        event.put("reason", reason);
        event.put("message", message);
        event.put("type", type);
        ObjectNode source = event.putObject("source");
        source.put("component", component);
        if (component.equals("kubelet")) {
            source.put("host", NODE_NAME);
        }
        event.put("firstTimestamp", now);
        event.put("lastTimestamp", now);
        event.put("count", 1);
        event.put("reportingComponent", component);
        event.put("reportingInstance", component.equals("kubelet") ? NODE_NAME : "");
        store.create(events.collectionPath(namespace), event);
    }

    /** Why a template's rollout fails, or null when it succeeds. */
    String failureReason(ObjectNode template) {
        if ("true".equalsIgnoreCase(Json.text(template, "metadata", "annotations", FAIL_ROLLOUT_ANNOTATION))) {
            return "the pod template is annotated " + FAIL_ROLLOUT_ANNOTATION + ": true";
        }
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode container : template.path("spec").path(list)) {
                if (failsImage(container.path("image").asText())) {
                    return "rpc error: code = NotFound desc = failed to pull and unpack image \""
                            + container.path("image").asText()
                            + "\": not found (the stand-in fails images containing \""
                            + failureMarker + "\")";
                }
            }
        }
        return null;
    }

    private boolean failsImage(String image) {
        String marker = failureMarker;
        return marker != null && !marker.isEmpty() && image.contains(marker);
    }

    private static List<String> containerNames(ObjectNode podSpec) {
        List<String> names = new ArrayList<>();
        podSpec.path("containers").forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    private static ObjectNode ownerReference(ObjectNode owner) {
        ObjectNode reference = Json.object();
        reference.put("apiVersion", owner.path("apiVersion").asText());
        reference.put("kind", owner.path("kind").asText());
        reference.put("name", Json.text(owner, "metadata", "name"));
        reference.put("uid", Json.text(owner, "metadata", "uid"));
        reference.put("controller", true);
        reference.put("blockOwnerDeletion", true);
        return reference;
    }

    static boolean isControlledBy(JsonNode object, String ownerUid) {
        for (JsonNode reference : object.path("metadata").path("ownerReferences")) {
            if (ownerUid.equals(reference.path("uid").asText())
                    && reference.path("controller").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    static long revision(JsonNode rs) {
        try {
            return Long.parseLong(
                    rs.path("metadata").path("annotations").path(REVISION).asText("0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Templates compare equal when only the pod-template-hash label differs, as in the real controller. */
    static boolean equalIgnoringHash(JsonNode a, JsonNode b) {
        return withoutHash(a).equals(withoutHash(b));
    }

    private static JsonNode withoutHash(JsonNode template) {
        JsonNode copy = template.deepCopy();
        JsonNode labels = copy.path("metadata").path("labels");
        if (labels.isObject()) {
            ((ObjectNode) labels).remove(POD_TEMPLATE_HASH);
            if (labels.isEmpty()) {
                ((ObjectNode) copy.get("metadata")).remove("labels");
            }
        }
        return copy;
    }

    /** A stable hash of the template, spelled with the same safe alphabet Kubernetes uses for names. */
    static String podTemplateHash(JsonNode template) {
        int hash = 0x811c9dc5;
        for (byte b : Json.canonical(withoutHash(template)).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        StringBuilder encoded = new StringBuilder();
        for (char c : Integer.toUnsignedString(hash).toCharArray()) {
            encoded.append(SAFE_ALPHABET.charAt(c % SAFE_ALPHABET.length()));
        }
        return encoded.toString();
    }

    private String randomSuffix(int length) {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < length; i++) {
            suffix.append(SAFE_ALPHABET.charAt(random.nextInt(SAFE_ALPHABET.length())));
        }
        return suffix.toString();
    }

    static int maxSurge(JsonNode deployment, int replicas) {
        if (!"RollingUpdate".equals(Json.text(deployment, "spec", "strategy", "type"))) {
            return 0;
        }
        int surge = scaled(
                deployment.path("spec").path("strategy").path("rollingUpdate").path("maxSurge"), replicas, true);
        int unavailable = scaled(
                deployment.path("spec").path("strategy").path("rollingUpdate").path("maxUnavailable"), replicas, false);
        return surge == 0 && unavailable == 0 ? 1 : surge;
    }

    /** deploymentutil.MaxUnavailable: zero unless rolling, never more than the replicas. */
    static int maxUnavailable(JsonNode deployment, int replicas) {
        if (!"RollingUpdate".equals(Json.text(deployment, "spec", "strategy", "type")) || replicas == 0) {
            return 0;
        }
        int surge = scaled(
                deployment.path("spec").path("strategy").path("rollingUpdate").path("maxSurge"), replicas, true);
        int unavailable = scaled(
                deployment.path("spec").path("strategy").path("rollingUpdate").path("maxUnavailable"), replicas, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return Math.min(unavailable, replicas);
    }

    /** An int-or-percent of the replicas: surge rounds up, unavailability rounds down, defaults 25%. */
    private static int scaled(JsonNode value, int replicas, boolean roundUp) {
        if (value.isNumber()) {
            return value.asInt();
        }
        String text = value.isMissingNode() || value.isNull() ? "25%" : value.asText();
        if (!text.endsWith("%")) {
            return Integer.parseInt(text);
        }
        double fraction = Integer.parseInt(text.substring(0, text.length() - 1)) * replicas / 100.0;
        return (int) (roundUp ? Math.ceil(fraction) : Math.floor(fraction));
    }

    private static void putIfPositive(ObjectNode node, String field, int value) {
        if (value > 0) {
            node.put(field, value);
        }
    }
}
