package dev.cicd.kube;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code helm history} and {@code kubectl rollout history} show, in one view: Helm's revisions
 * with chart, app version, image and change cause, then each Deployment's revisions from its
 * ReplicaSets.
 */
public final class ReleaseHistory {

    /** One Helm revision, as shown and as written to JSON. */
    public record Row(
            int revision,
            String updated,
            String status,
            String chart,
            String appVersion,
            String image,
            String changeCause,
            String description) {}

    /** One Deployment revision (a ReplicaSet). */
    public record RolloutRow(String deployment, int revision, String changeCause, String image, int replicas) {}

    /** The history of one release. */
    public record View(String release, String namespace, List<Row> revisions, List<RolloutRow> rollouts) {}

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final KubernetesClient client;
    private final String namespace;

    public ReleaseHistory(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public View of(String release) {
        List<Row> rows = new ArrayList<>();
        for (StoredRelease stored : new HelmReleaseStore(client, namespace).history(release)) {
            rows.add(new Row(
                    stored.revision(),
                    stored.deployed() == null ? "" : TIME.format(stored.deployed()),
                    stored.status(),
                    stored.chartName() + "-" + stored.chartVersion(),
                    stored.appVersion(),
                    stored.images().isEmpty() ? "" : String.join(", ", stored.images()),
                    Objects.toString(stored.changeCause(), ""),
                    Objects.toString(stored.description(), "")));
        }
        List<RolloutRow> rollouts = new ArrayList<>();
        List<Deployment> deployments = RolloutWatcher.deploymentsOf(client, namespace, release);
        for (Deployment deployment : deployments) {
            for (ReplicaSet replicaSet :
                    client.apps().replicaSets().inNamespace(namespace).list().getItems()) {
                if (replicaSet.getMetadata().getOwnerReferences() == null
                        || replicaSet.getMetadata().getOwnerReferences().stream()
                                .noneMatch(o -> Objects.equals(
                                        o.getUid(), deployment.getMetadata().getUid()))) {
                    continue;
                }
                Map<String, String> annotations = replicaSet.getMetadata().getAnnotations() == null
                        ? Map.of()
                        : replicaSet.getMetadata().getAnnotations();
                String revision = annotations.get("deployment.kubernetes.io/revision");
                rollouts.add(new RolloutRow(
                        deployment.getMetadata().getName(),
                        revision == null ? 0 : Integer.parseInt(revision),
                        annotations.getOrDefault("kubernetes.io/change-cause", ""),
                        replicaSet
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getImage(),
                        replicaSet.getStatus() == null || replicaSet.getStatus().getReplicas() == null
                                ? 0
                                : replicaSet.getStatus().getReplicas()));
            }
        }
        rollouts.sort(Comparator.comparing(RolloutRow::deployment).thenComparingInt(RolloutRow::revision));
        return new View(release, namespace, rows, rollouts);
    }

    /** The view as aligned text columns. */
    public static List<String> lines(View view) {
        List<String> lines = new ArrayList<>();
        lines.add("Release " + view.release() + " in namespace " + view.namespace() + " (helm history):");
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {
            "REVISION", "UPDATED (UTC)", "STATUS", "CHART", "APP VERSION", "IMAGE", "CHANGE-CAUSE", "DESCRIPTION"
        });
        for (Row row : view.revisions()) {
            table.add(new String[] {
                String.valueOf(row.revision()),
                row.updated(),
                row.status(),
                row.chart(),
                Objects.toString(row.appVersion(), ""),
                row.image(),
                row.changeCause(),
                row.description().equals(row.changeCause()) ? "" : row.description()
            });
        }
        lines.addAll(columns(table));
        if (!view.rollouts().isEmpty()) {
            lines.add("Deployment revisions (kubectl rollout history):");
            List<String[]> rollouts = new ArrayList<>();
            rollouts.add(new String[] {"DEPLOYMENT", "REVISION", "REPLICAS", "IMAGE", "CHANGE-CAUSE"});
            for (RolloutRow row : view.rollouts()) {
                rollouts.add(new String[] {
                    row.deployment(),
                    String.valueOf(row.revision()),
                    String.valueOf(row.replicas()),
                    row.image(),
                    row.changeCause()
                });
            }
            lines.addAll(columns(rollouts));
        }
        return lines;
    }

    private static List<String> columns(List<String[]> table) {
        int[] widths = new int[table.get(0).length];
        for (String[] row : table) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : table) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
