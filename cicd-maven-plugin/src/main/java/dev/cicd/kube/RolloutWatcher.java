package dev.cicd.kube;

import dev.cicd.common.BuildLog;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Waits for the Deployments of a release to roll out, as {@code kubectl rollout status} does, and
 * shows progress (updated and ready replicas) as it changes. A rollout fails when a Deployment
 * reports {@code ProgressDeadlineExceeded} or the time runs out; the report then carries the
 * Deployments' conditions and the warning events of their ReplicaSets and pods.
 */
public final class RolloutWatcher {

    /** How the wait ended: whether every Deployment rolled out, and what to show when not. */
    public record Outcome(boolean succeeded, String summary, List<String> details) {}

    static final String RELEASE_ANNOTATION = "meta.helm.sh/release-name";

    private final KubernetesClient client;
    private final String namespace;
    private final BuildLog log;
    private final Duration poll;

    public RolloutWatcher(KubernetesClient client, String namespace, BuildLog log, Duration poll) {
        this.client = client;
        this.namespace = namespace;
        this.log = log;
        this.poll = poll;
    }

    public Outcome await(String release, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProgress = null;
        try {
            while (true) {
                List<Deployment> deployments = deploymentsOf(client, namespace, release);
                if (deployments.isEmpty()) {
                    return new Outcome(true, "release " + release + " has no Deployment to wait for", List.of());
                }
                Progress progress = progress(deployments);
                String line = progress.line();
                if (!line.equals(lastProgress)) {
                    log.info("  rollout: " + line);
                    lastProgress = line;
                }
                if (!progress.failed().isEmpty()) {
                    return new Outcome(
                            false,
                            "the rollout of " + names(progress.failed()) + " exceeded its progress deadline",
                            report(deployments));
                }
                if (progress.done()) {
                    return new Outcome(true, "rolled out: " + line, List.of());
                }
                if (System.nanoTime() > deadline) {
                    return new Outcome(
                            false,
                            "the rollout did not complete within " + timeout.toSeconds() + " s (" + line + ")",
                            report(deployments));
                }
                Thread.sleep(poll.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "interrupted while waiting for the rollout", List.of());
        } catch (KubernetesClientException e) {
            throw KubeErrors.of("waiting for the rollout of " + release, e);
        }
    }

    /**
     * Where the rollout stands at one poll.
     *
     * @param line updated and ready replicas of each Deployment, for the log
     * @param failed the Deployments past their progress deadline
     * @param done whether every Deployment is rolled out
     */
    private record Progress(String line, List<Deployment> failed, boolean done) {}

    private static Progress progress(List<Deployment> deployments) {
        List<String> progress = new ArrayList<>();
        List<Deployment> failed = new ArrayList<>();
        boolean allDone = true;
        for (Deployment deployment : deployments) {
            DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
            int wanted = deployment.getSpec().getReplicas() == null
                    ? 1
                    : deployment.getSpec().getReplicas();
            boolean observed = status.getObservedGeneration() != null
                    && status.getObservedGeneration()
                            >= deployment.getMetadata().getGeneration();
            int updated = orZero(status.getUpdatedReplicas());
            int ready = orZero(status.getReadyReplicas());
            int available = orZero(status.getAvailableReplicas());
            int total = orZero(status.getReplicas());
            progress.add(deployment.getMetadata().getName() + " " + updated + "/" + wanted + " updated, " + ready + "/"
                    + wanted + " ready");
            if (observed && deadlineExceeded(status)) {
                failed.add(deployment);
            }
            allDone &= observed && updated == wanted && total == wanted && available == wanted;
        }
        return new Progress(String.join("; ", progress), failed, allDone);
    }

    /** Whether every Deployment of the release is rolled out and available right now; no waiting. */
    public Outcome current(String release) {
        List<Deployment> deployments = deploymentsOf(client, namespace, release);
        List<String> unhealthy = new ArrayList<>();
        for (Deployment deployment : deployments) {
            DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
            int wanted = deployment.getSpec().getReplicas() == null
                    ? 1
                    : deployment.getSpec().getReplicas();
            if (orZero(status.getAvailableReplicas()) < wanted || orZero(status.getUpdatedReplicas()) < wanted) {
                unhealthy.add(deployment.getMetadata().getName() + " " + orZero(status.getAvailableReplicas()) + "/"
                        + wanted + " available");
            }
        }
        return unhealthy.isEmpty()
                ? new Outcome(true, deployments.size() + " Deployment(s) available", List.of())
                : new Outcome(false, String.join("; ", unhealthy), report(deployments));
    }

    /** The Deployments Helm made for a release (Helm annotates every object it manages with the release name). */
    static List<Deployment> deploymentsOf(KubernetesClient client, String namespace, String release) {
        return client.apps().deployments().inNamespace(namespace).list().getItems().stream()
                .filter(d -> d.getMetadata().getAnnotations() != null
                        && release.equals(d.getMetadata().getAnnotations().get(RELEASE_ANNOTATION)))
                .sorted(Comparator.comparing(d -> d.getMetadata().getName()))
                .toList();
    }

    private static boolean deadlineExceeded(DeploymentStatus status) {
        if (status.getConditions() == null) {
            return false;
        }
        return status.getConditions().stream()
                .anyMatch(c -> "Progressing".equals(c.getType())
                        && "False".equals(c.getStatus())
                        && "ProgressDeadlineExceeded".equals(c.getReason()));
    }

    /** Conditions of each Deployment, then the newest warning events of it, its ReplicaSets and their pods. */
    private List<String> report(List<Deployment> deployments) {
        List<String> lines = new ArrayList<>();
        Set<String> involved = new HashSet<>();
        for (Deployment deployment : deployments) {
            involved.add(deployment.getMetadata().getName());
            if (deployment.getStatus() != null && deployment.getStatus().getConditions() != null) {
                for (DeploymentCondition condition : deployment.getStatus().getConditions()) {
                    lines.add("Deployment/" + deployment.getMetadata().getName() + " " + condition.getType() + "="
                            + condition.getStatus() + " " + Objects.toString(condition.getReason(), "") + ": "
                            + Objects.toString(condition.getMessage(), ""));
                }
            }
            List<ReplicaSet> replicaSets = client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
                    .filter(rs -> ownedBy(rs, deployment.getMetadata().getUid()))
                    .toList();
            for (ReplicaSet replicaSet : replicaSets) {
                involved.add(replicaSet.getMetadata().getName());
                for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
                    if (ownedBy(pod, replicaSet.getMetadata().getUid())) {
                        involved.add(pod.getMetadata().getName());
                    }
                }
            }
        }
        List<Event> warnings = client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> "Warning".equals(e.getType()))
                .filter(e -> e.getInvolvedObject() != null
                        && involved.contains(e.getInvolvedObject().getName()))
                .sorted(Comparator.comparing(RolloutWatcher::eventTime))
                .toList();
        for (Event event : warnings.subList(Math.max(0, warnings.size() - 10), warnings.size())) {
            lines.add("event " + event.getInvolvedObject().getKind() + "/"
                    + event.getInvolvedObject().getName() + ": " + event.getReason() + ": "
                    + Objects.toString(event.getMessage(), "").trim());
        }
        return lines;
    }

    private static String eventTime(Event event) {
        String time = event.getLastTimestamp() != null
                ? event.getLastTimestamp()
                : event.getEventTime() != null
                        ? event.getEventTime().getTime()
                        : event.getMetadata().getCreationTimestamp();
        return time == null ? "" : time;
    }

    private static boolean ownedBy(HasMetadata object, String uid) {
        List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
        return owners != null && owners.stream().anyMatch(o -> Objects.equals(o.getUid(), uid));
    }

    private static String names(List<Deployment> deployments) {
        return String.join(
                ", ",
                deployments.stream()
                        .map(d -> "Deployment/" + d.getMetadata().getName())
                        .toList());
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
