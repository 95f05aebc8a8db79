package dev.cicd.maven;

import dev.cicd.common.Json;
import dev.cicd.kube.DeployEnvironment;
import dev.cicd.kube.HelmReleaseStore;
import dev.cicd.kube.KubeTarget;
import dev.cicd.kube.ReleaseHistory;
import dev.cicd.promote.ApprovalStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Shows the history of the service's releases in an environment: each revision with time, status,
 * chart version, app version, image (by digest) and change cause, and the Deployment's revisions as
 * {@code kubectl rollout history} shows them. Also written to {@code target/cicd/history-<env>.json}.
 */
@Mojo(name = "history", threadSafe = true, requiresProject = true)
public class HistoryMojo extends AbstractPipelineMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.history.skip", defaultValue = "false")
    private boolean skip;

    /** The environment, by name. */
    @Parameter(property = "cicd.environment")
    private String environment;

    /** One release by name; by default the service's release(s) in the environment. */
    @Parameter(property = "cicd.release")
    private String release;

    /** The namespace of the production cluster holding approvals. */
    @Parameter(property = "cicd.approvalNamespace", defaultValue = "cicd-approvals")
    private String approvalNamespace;

    /** The namespace of the production cluster holding promotion records; default the approvals namespace. */
    @Parameter(property = "cicd.promotionNamespace")
    private String promotionNamespace;

    /** Who approved what, and when: the promotion records. */
    private void printPromotions(KubernetesClient client) {
        String namespace =
                promotionNamespace == null || promotionNamespace.isBlank() ? approvalNamespace : promotionNamespace;
        List<java.util.Map<String, String>> promotions = new ApprovalStore(client, namespace).promotions(service);
        if (promotions.isEmpty()) {
            getLog().info("no promotions of " + service + " recorded in " + namespace);
            return;
        }
        getLog().info("Promotions of " + service + " (" + namespace + "):");
        for (java.util.Map<String, String> promotion : promotions) {
            getLog().info("  " + promotion.get("version") + " " + promotion.get("imageDigest") + " approved by "
                    + promotion.get("approver") + " at " + promotion.get("approvedAt") + ", promoted by "
                    + promotion.get("promotedBy") + " at " + promotion.get("promotedAt") + " (revision "
                    + promotion.get("revision") + ")");
        }
    }

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.history.skip=true" : null;
    }

    @Override
    protected void run() {
        DeployEnvironment target = Environments.named(environments, project.getBasedir(), environment);
        try (KubeTarget kube = Environments.target(target);
                KubernetesClient client = kube.client()) {
            List<String> releases = new ArrayList<>();
            if (release != null && !release.isBlank()) {
                releases.add(release);
            } else {
                for (String name : new HelmReleaseStore(client, target.namespace()).releaseNames()) {
                    if (name.equals(service) || target.isVersionedReleaseOf(name, service)) {
                        releases.add(name);
                    }
                }
            }
            if (releases.isEmpty()) {
                getLog().info("no release of " + service + " in environment " + target.name() + " (" + kube.describe()
                        + ")");
                return;
            }
            List<ReleaseHistory.View> views = new ArrayList<>();
            ReleaseHistory history = new ReleaseHistory(client, target.namespace());
            for (String name : releases) {
                ReleaseHistory.View view = history.of(name);
                views.add(view);
                ReleaseHistory.lines(view).forEach(getLog()::info);
            }
            Json.write(output("history-" + target.name() + ".json"), views);
            if (target.production()) {
                printPromotions(client);
            }
        }
    }
}
