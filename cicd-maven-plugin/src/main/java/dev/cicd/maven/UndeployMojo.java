package dev.cicd.maven;

import dev.cicd.common.CicdException;
import dev.cicd.kube.DeployEnvironment;
import dev.cicd.kube.Deployer;
import dev.cicd.kube.KubeTarget;
import dev.cicd.kube.StoredRelease;
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
public class UndeployMojo extends AbstractPipelineMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.undeploy.skip", defaultValue = "false")
    private boolean skip;

    /** The environment, by name. */
    @Parameter(property = "cicd.environment")
    private String environment;

    /** One release to remove, by name. */
    @Parameter(property = "cicd.release")
    private String release;

    /** Required to remove releases from a production environment. */
    @Parameter(property = "cicd.confirmProduction", defaultValue = "false")
    private boolean confirmProduction;

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.undeploy.skip=true" : null;
    }

    @Override
    protected void run() {
        DeployEnvironment target = Environments.named(environments, project.getBasedir(), environment);
        if (target.production() && !confirmProduction) {
            throw CicdException.project("environment " + target.name()
                    + " is production: add -Dcicd.confirmProduction=true" + " to remove releases from it");
        }
        try (KubeTarget kube = Environments.target(target);
                KubernetesClient client = kube.client()) {
            Deployer deployer = new Deployer(kube, client, output("deploy"), buildLog(), Duration.ofSeconds(1));
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
