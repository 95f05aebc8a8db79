package dev.cicd.maven;

import dev.cicd.common.CicdException;
import dev.cicd.common.Json;
import dev.cicd.kube.DeployEnvironment;
import dev.cicd.kube.Deployer;
import dev.cicd.kube.KubeTarget;
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
public class RollbackMojo extends AbstractPipelineMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.rollback.skip", defaultValue = "false")
    private boolean skip;

    /** The environment, by name. */
    @Parameter(property = "cicd.environment")
    private String environment;

    /** The release; by default the service's (stable naming). */
    @Parameter(property = "cicd.release")
    private String release;

    /** The revision to return to; by default the last good one before the current. */
    @Parameter(property = "cicd.revision")
    private Integer revision;

    /** How long the rollout may take, in seconds. */
    @Parameter(property = "cicd.rolloutTimeout", defaultValue = "300")
    private int rolloutTimeout;

    /** Required to roll back in a production environment. */
    @Parameter(property = "cicd.confirmProduction", defaultValue = "false")
    private boolean confirmProduction;

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.rollback.skip=true" : null;
    }

    @Override
    protected void run() {
        DeployEnvironment target = Environments.named(environments, project.getBasedir(), environment);
        if (target.production() && !confirmProduction) {
            throw CicdException.project("environment " + target.name()
                    + " is production: add -Dcicd.confirmProduction=true" + " to roll it back");
        }
        String name = release != null && !release.isBlank() ? release : service;
        try (KubeTarget kube = Environments.target(target);
                KubernetesClient client = kube.client()) {
            getLog().info("rolling back " + name + " in " + target.name() + " (" + kube.describe() + ")"
                    + (revision == null ? " to the previous good revision" : " to revision " + revision));
            Deployer.Result result = new Deployer(kube, client, output("deploy"), buildLog(), Duration.ofSeconds(1))
                    .rollback(name, revision, Duration.ofSeconds(rolloutTimeout));
            Json.write(output("rollback-" + target.name() + ".json"), result);
            getLog().info("rolled back " + name + ": now revision " + result.revision() + " running " + result.image());
        }
    }
}
