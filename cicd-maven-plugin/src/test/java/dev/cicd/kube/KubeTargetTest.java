package dev.cicd.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeTargetTest {

    @TempDir
    Path home;

    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            current-context: test-cluster
            clusters:
              - name: test
                cluster:
                  server: https://test.example:6443/
                  certificate-authority: certs/test-ca.crt
              - name: prod
                cluster:
                  server: https://prod.example:6443
            users:
              - name: me
                user:
                  token: abc
            contexts:
              - name: test-cluster
                context: {cluster: test, user: me}
              - name: prod-cluster
                context: {cluster: prod, user: me}
              - name: qa-on-prod
                context: {cluster: prod, user: me}
            """;

    private Path kubeconfig() throws Exception {
        return Files.writeString(Files.createDirectories(home.resolve(".kube")).resolve("config"), KUBECONFIG);
    }

    private static DeployEnvironment environment(String name, Path kubeconfig, String context, boolean production) {
        return new DeployEnvironment(
                name,
                kubeconfig,
                context,
                "delivery",
                List.of(),
                production,
                DeployEnvironment.ReleaseNaming.STABLE,
                3,
                false);
    }

    @Test
    void findsTheContextsServerAndMakesItCurrent() throws Exception {
        KubeTarget target = KubeTarget.of(environment("prod", kubeconfig(), "prod-cluster", true), Map.of(), home);

        assertThat(target.server()).isEqualTo("https://prod.example:6443");
        assertThat(target.kubeconfigYaml()).contains("current-context: prod-cluster");
    }

    @Test
    void defaultsToKubeconfigVariableThenHomeAndTheCurrentContext() throws Exception {
        kubeconfig();
        KubeTarget fromHome = KubeTarget.of(environment("qa", null, null, false), Map.of(), home);
        Path elsewhere =
                Files.writeString(home.resolve("other-config"), KUBECONFIG.replace("test.example", "other.example"));
        KubeTarget fromVariable =
                KubeTarget.of(environment("qa", null, null, false), Map.of("KUBECONFIG", elsewhere.toString()), home);

        assertThat(fromHome.context()).isEqualTo("test-cluster");
        assertThat(fromHome.server()).as("trailing slash ignored").isEqualTo("https://test.example:6443");
        assertThat(fromVariable.server()).isEqualTo("https://other.example:6443");
    }

    @Test
    void relativeFilesInTheKubeconfigStayValidInTheCopy() throws Exception {
        KubeTarget target = KubeTarget.of(environment("qa", kubeconfig(), "test-cluster", false), Map.of(), home);

        assertThat(target.kubeconfigYaml())
                .contains("certificate-authority: " + home.resolve(".kube/certs/test-ca.crt"));
    }

    @Test
    void unknownContextListsTheKnownOnes() throws Exception {
        Path kubeconfig = kubeconfig();
        assertThatThrownBy(() -> KubeTarget.of(environment("qa", kubeconfig, "nope", false), Map.of(), home))
                .hasMessageContaining("has no context 'nope' (contexts: test-cluster, prod-cluster, qa-on-prod)");
    }

    @Test
    void missingKubeconfigSaysWhatToSet() {
        assertThatThrownBy(() -> KubeTarget.of(environment("qa", null, null, false), Map.of(), home))
                .hasMessageContaining("environment qa: no kubeconfig at " + home.resolve(".kube/config"))
                .hasMessageContaining("set <kubeconfig> for the environment or KUBECONFIG");
    }

    @Test
    void guardRefusesProductionAndTestEnvironmentsOnTheProductionCluster() throws Exception {
        Path kubeconfig = kubeconfig();
        KubeTarget production =
                KubeTarget.of(environment("production", kubeconfig, "prod-cluster", true), Map.of(), home);
        KubeTarget qa = KubeTarget.of(environment("qa", kubeconfig, "test-cluster", false), Map.of(), home);
        KubeTarget qaOnProd = KubeTarget.of(environment("qa", kubeconfig, "qa-on-prod", false), Map.of(), home);

        EnvironmentGuard.checkNonProductionDeploy(qa, List.of(production));
        assertThatThrownBy(() -> EnvironmentGuard.checkNonProductionDeploy(production, List.of(production)))
                .hasMessageContaining("environment production is production: cicd:deploy does not deploy there");
        assertThatThrownBy(() -> EnvironmentGuard.checkNonProductionDeploy(qaOnProd, List.of(production)))
                .hasMessageContaining(
                        "environment qa (context qa-on-prod) points at the production cluster https://prod.example:6443")
                .hasMessageContaining("production environment production (context prod-cluster)");
    }

    @Test
    void releaseNames() throws Exception {
        DeployEnvironment versioned = new DeployEnvironment(
                "qa", null, null, "ns", List.of(), false, DeployEnvironment.ReleaseNaming.VERSIONED, 2, false);

        assertThat(environment("qa", null, null, false).releaseName("delivery", "v1.0.2"))
                .isEqualTo("delivery");
        assertThat(versioned.releaseName("delivery", "v1.0.2")).isEqualTo("delivery-v1-0-2");
        assertThat(versioned.releaseName("delivery", "v2.0.0-rc.1")).isEqualTo("delivery-v2-0-0-rc-1");
        assertThat(versioned.isVersionedReleaseOf("delivery-v1-0-2", "delivery"))
                .isTrue();
        assertThat(versioned.isVersionedReleaseOf("delivery-worker", "delivery"))
                .isFalse();
        assertThatThrownBy(() -> DeployEnvironment.ReleaseNaming.parse("blue-green", "qa"))
                .hasMessageContaining("'blue-green' is neither 'stable' nor 'versioned'");
    }

    @Test
    void versionsOrderBySemVerPrecedence() {
        List<String> versions =
                new java.util.ArrayList<>(List.of("v1.10.0", "v1.2.0", "v1.10.0-rc.2", "v1.10.0-rc.10", "garbage"));
        versions.sort(Deployer.APP_VERSIONS);

        assertThat(versions).containsExactly("garbage", "v1.2.0", "v1.10.0-rc.2", "v1.10.0-rc.10", "v1.10.0");
    }
}
