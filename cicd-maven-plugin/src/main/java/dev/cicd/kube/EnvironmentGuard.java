package dev.cicd.kube;

import dev.cicd.common.CicdException;
import java.util.List;

/**
 * Keeps the seed's separation of production: {@code deploy} never goes to a production
 * environment (that is {@code promote}'s, after an approval), and never to a non-production
 * environment that points at the production cluster.
 */
public final class EnvironmentGuard {

    private EnvironmentGuard() {}

    /**
     * @param target the environment to deploy to
     * @param production the production environments, with their clusters
     */
    public static void checkNonProductionDeploy(KubeTarget target, List<KubeTarget> production) {
        DeployEnvironment environment = target.environment();
        if (environment.production()) {
            throw CicdException.project(
                    "environment " + environment.name() + " is production: cicd:deploy does not deploy"
                            + " there. Production gets a release through approval and promotion: mvn cicd:approve, then mvn cicd:promote");
        }
        for (KubeTarget prod : production) {
            if (prod.server().equals(target.server())) {
                throw CicdException.project("environment " + environment.name() + " (context " + target.context()
                        + ") points at the production cluster " + target.server()
                        + ", the cluster of production environment "
                        + prod.environment().name() + " (context " + prod.context() + "). Test environments must run on"
                        + " another cluster; fix the kubeconfig context of " + environment.name());
            }
        }
    }
}
