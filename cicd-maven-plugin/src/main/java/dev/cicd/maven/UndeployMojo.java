package dev.cicd.maven;

import dev.cicd.kube.DeployEnvironment;
import dev.cicd.kube.Deployer;
import dev.cicd.kube.KubeTarget;
import dev.cicd.kube.StoredRelease;
import dev.cicd.records.BuildRecords;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Removes releases of the service from an environment: with versioned naming, the versions older
 * than the newest {@code <keep>} (or one named by {@code -Dcicd.release}); with stable naming, the
 * release itself. In production it needs {@code -Dcicd.confirmProduction=true}.
 */
@Mojo(name = "undeploy", threadSafe = true)
public class UndeployMojo extends AbstractEnvironmentMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.undeploy.skip", defaultValue = "false")
    private boolean skip;

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.undeploy.skip=true" : null;
    }

    @Override
    protected void run() {
        DeployEnvironment target = namedEnvironment();
        requireConfirmationFor(target, "remove releases from it");
        try (KubeTarget kube = target(target);
                KubernetesClient client = kube.client()) {
            Deployer deployer = new Deployer(
                    kube, client, records().path(BuildRecords.DEPLOY_WORK), buildLog(), Duration.ofSeconds(1));
            if (release != null && !release.isBlank()) {
                deployer.uninstall(release);
                return;
            }
            if (target.naming() == DeployEnvironment.ReleaseNaming.STABLE) {
                deployer.uninstall(service);
                return;
            }
            List<StoredRelease> versions = deployer.versionedReleases(service);
            int remove = Math.max(0, versions.size() - target.keep());
            getLog().info(versions.size() + " versions of " + service + " in " + target.name() + "; keeping the newest "
                    + target.keep() + (remove == 0 ? ", nothing to remove" : ", removing " + remove));
            for (StoredRelease old : versions.subList(0, remove)) {
                deployer.uninstall(old.name());
            }
        }
    }
}
