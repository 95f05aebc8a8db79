package dev.cicd.maven;

import dev.cicd.common.CicdException;
import dev.cicd.kube.DeployEnvironment;
import dev.cicd.kube.KubeTarget;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * A goal that works on the service's releases in an environment's cluster: which environment, how
 * long rollouts may take, where approvals and promotion records live, and the guards of
 * production. The environments themselves are {@code <environments>} ({@link Environments}).
 */
abstract class AbstractEnvironmentMojo extends AbstractRegistryMojo {

    /**
     * The environment, by name: where deploy, history, rollback and undeploy work; the production
     * environment approve and promote go to (default: the only production environment).
     */
    @Parameter(property = "cicd.environment")
    protected String environment;

    /** How long a rollout (deploy, rollback, promote) may take, in seconds. */
    @Parameter(property = "cicd.rolloutTimeout", defaultValue = "300")
    protected int rolloutTimeout;

    /** The namespace of the production cluster holding approvals; approvers may create ConfigMaps there. */
    @Parameter(property = "cicd.approvalNamespace", defaultValue = "cicd-approvals")
    protected String approvalNamespace;

    /**
     * The namespace of the production cluster where promotions are recorded; default the approvals
     * namespace. A namespace of its own lets CI write records without any right to write approvals.
     */
    @Parameter(property = "cicd.promotionNamespace")
    protected String promotionNamespace;

    /** Refuses an approval by an author of the release (commit author or the CI user who built it). */
    @Parameter(property = "cicd.fourEyes", defaultValue = "true")
    protected boolean fourEyes;

    /** One release by name (history, rollback, undeploy); by default the service's release(s). */
    @Parameter(property = "cicd.release")
    protected String release;

    /** Required to roll back or remove releases in a production environment. */
    @Parameter(property = "cicd.confirmProduction", defaultValue = "false")
    protected boolean confirmProduction;

    /** The environment named by {@code -Dcicd.environment}. */
    protected DeployEnvironment namedEnvironment() {
        return Environments.named(environments, project.getBasedir(), environment);
    }

    /** Where promotions are recorded: {@code cicd.promotionNamespace}, else the approvals namespace. */
    protected String promotionNamespace() {
        return promotionNamespace == null || promotionNamespace.isBlank()
                ? approvalNamespace
                : promotionNamespace.trim();
    }

    /** Stops a change to production unless the user confirmed it. */
    protected void requireConfirmationFor(DeployEnvironment target, String what) {
        if (target.production() && !confirmProduction) {
            throw CicdException.project(
                    "environment " + target.name() + " is production: add -Dcicd.confirmProduction=true to " + what);
        }
    }

    /** The version given on the command line; approvals and promotions always name one. */
    protected void requireVersion(String what) {
        if (version == null || version.isBlank()) {
            throw CicdException.project("give the version to " + what + ": -Dcicd.version=v1.0.2");
        }
    }

    protected KubeTarget target(DeployEnvironment target) {
        return Environments.target(target);
    }
}
