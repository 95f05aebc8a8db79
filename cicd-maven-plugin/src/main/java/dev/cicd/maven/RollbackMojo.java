package dev.cicd.maven;

import dev.cicd.kube.DeployEnvironment;
import dev.cicd.kube.Deployer;
import dev.cicd.kube.KubeTarget;
import dev.cicd.records.BuildRecords;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Rolls the service's release in an environment back to the previous good revision, or to
 * {@code -Dcicd.revision=N}, and waits for the rollout. Like {@code helm rollback}, this re-applies
 * the manifest Helm stored for that revision, as a new revision. In production it needs
 * {@code -Dcicd.confirmProduction=true}.
 */
@Mojo(name = "rollback", threadSafe = true)
public class RollbackMojo extends AbstractEnvironmentMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.rollback.skip", defaultValue = "false")
    private boolean skip;

    /** The revision to return to; by default the last good one before the current. */
    @Parameter(property = "cicd.revision")
    private Integer revision;

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.rollback.skip=true" : null;
    }

    @Override
    protected void run() {
        DeployEnvironment target = namedEnvironment();
        requireConfirmationFor(target, "roll it back");
        String name = release != null && !release.isBlank() ? release : service;
        try (KubeTarget kube = target(target);
                KubernetesClient client = kube.client()) {
            getLog().info("rolling back " + name + " in " + target.name() + " (" + kube.describe() + ")"
                    + (revision == null ? " to the previous good revision" : " to revision " + revision));
            Deployer.Result result = new Deployer(
                            kube, client, records().path(BuildRecords.DEPLOY_WORK), buildLog(), Duration.ofSeconds(1))
                    .rollback(name, revision, Duration.ofSeconds(rolloutTimeout));
            records().write(BuildRecords.ROLLBACK.of(target.name()), result);
            getLog().info("rolled back " + name + ": now revision " + result.revision() + " running " + result.image());
        }
    }
}
