package dev.cicd.maven;

import dev.cicd.kube.DeployEnvironment;
import dev.cicd.kube.HelmReleaseStore;
import dev.cicd.kube.KubeTarget;
import dev.cicd.kube.ReleaseHistory;
import dev.cicd.promote.ApprovalStore;
import dev.cicd.promote.PromotionRecord;
import dev.cicd.records.BuildRecords;
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
public class HistoryMojo extends AbstractEnvironmentMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.history.skip", defaultValue = "false")
    private boolean skip;

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.history.skip=true" : null;
    }

    @Override
    protected void run() {
        DeployEnvironment target = namedEnvironment();
        try (KubeTarget kube = target(target);
                KubernetesClient client = kube.client()) {
            List<String> releases = release != null && !release.isBlank()
                    ? List.of(release)
                    : new HelmReleaseStore(client, target.namespace())
                            .releaseNames().stream()
                                    .filter(name -> name.equals(service) || target.isVersionedReleaseOf(name, service))
                                    .toList();
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
            records().write(BuildRecords.HISTORY.of(target.name()), views.toArray(ReleaseHistory.View[]::new));
            if (target.production()) {
                printPromotions(client);
            }
        }
    }

    /** Who approved what, and when: the promotion records. */
    private void printPromotions(KubernetesClient client) {
        String namespace = promotionNamespace();
        List<PromotionRecord> promotions = new ApprovalStore(client, namespace).promotions(service);
        if (promotions.isEmpty()) {
            getLog().info("no promotions of " + service + " recorded in " + namespace);
            return;
        }
        getLog().info("Promotions of " + service + " (" + namespace + "):");
        promotions.forEach(promotion -> getLog().info("  " + promotion.describe()));
    }
}
