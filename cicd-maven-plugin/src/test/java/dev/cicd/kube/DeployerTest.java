package dev.cicd.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cicd.chart.PipelineValues;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.testkube.KubernetesStandIn;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Helm (helm-java) and fabric8 against the Kubernetes stand-in. */
class DeployerTest {

    private static final String DIGEST_1 = "sha256:" + "1".repeat(64);
    private static final String DIGEST_2 = "sha256:" + "2".repeat(64);

    @TempDir
    Path work;

    private KubernetesStandIn standIn;
    private KubeTarget target;
    private KubernetesClient client;
    private Path chart;

    @BeforeEach
    void start() throws Exception {
        standIn = KubernetesStandIn.start();
        Path kubeconfig = standIn.writeKubeconfig(work.resolve("kubeconfig"), "test-cluster", "delivery-qa");
        target = KubeTarget.of(
                new DeployEnvironment(
                        "qa",
                        kubeconfig,
                        "test-cluster",
                        "delivery-qa",
                        List.of(),
                        false,
                        DeployEnvironment.ReleaseNaming.STABLE,
                        3,
                        true),
                Map.of(),
                work);
        client = target.client();
        chart = TestCharts.deployment(work);
    }

    @AfterEach
    void stop() {
        client.close();
        target.close();
        standIn.close();
    }

    private Deployer deployer() {
        return new Deployer(target, client, work.resolve("out"), BuildLog.silent(), Duration.ofMillis(100));
    }

    private Deployer.Request request(String release, String tag, String digest, String reason) {
        return request(release, tag, digest, reason, Duration.ofSeconds(20));
    }

    private Deployer.Request request(String release, String tag, String digest, String reason, Duration timeout) {
        return new Deployer.Request(
                release,
                chart,
                List.of(),
                new PipelineValues("127.0.0.1:5000/delivery", tag, digest, reason),
                timeout,
                true);
    }

    @Test
    void installsThenUpgradesPinnedByDigestWithChangeCauses() {
        Deployer.Result first =
                deployer().deploy(request("delivery", "v1.0.1", DIGEST_1, "Release v1.0.1 of delivery"));
        Deployer.Result second =
                deployer().deploy(request("delivery", "v1.0.2", DIGEST_2, "Release v1.0.2 of delivery"));

        assertThat(first.revision()).isEqualTo(1);
        assertThat(second.revision()).isEqualTo(2);
        assertThat(second.image()).isEqualTo("127.0.0.1:5000/delivery@" + DIGEST_2);
        assertThat(standIn.image("delivery-qa", "delivery")).endsWith(DIGEST_2);
        List<StoredRelease> history = new HelmReleaseStore(client, "delivery-qa").history("delivery");
        assertThat(history).extracting(StoredRelease::status).containsExactly("superseded", "deployed");
        assertThat(history)
                .extracting(StoredRelease::changeCause)
                .containsExactly("Release v1.0.1 of delivery", "Release v1.0.2 of delivery");
    }

    @Test
    void aFailingRolloutIsRolledBackAndReportsConditionsAndEvents() {
        deployer().deploy(request("delivery", "v1.0.1", DIGEST_1, "good"));

        assertThatThrownBy(() -> deployer().deploy(request("delivery", "fail-rollout", null, "bad")))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("exceeded its progress deadline")
                .hasMessageContaining("Progressing=False ProgressDeadlineExceeded")
                .hasMessageContaining("Failed to pull image")
                .hasMessageContaining("Rolled back to revision 1")
                .hasMessageContaining("the previous version keeps serving");

        assertThat(standIn.image("delivery-qa", "delivery")).endsWith(DIGEST_1);
        List<StoredRelease> history = new HelmReleaseStore(client, "delivery-qa").history("delivery");
        assertThat(history).hasSize(3);
        assertThat(history.get(2).description()).isEqualTo("Rollback to 1");
        assertThat(history.get(2).status()).isEqualTo("deployed");
    }

    @Test
    void aFailedFirstInstallIsRemoved() {
        assertThatThrownBy(() -> deployer().deploy(request("delivery", "fail-rollout", null, "bad")))
                .hasMessageContaining("The first install of delivery failed and was removed");

        assertThat(new HelmReleaseStore(client, "delivery-qa").history("delivery"))
                .isEmpty();
        assertThat(standIn.client()
                        .apps()
                        .deployments()
                        .inNamespace("delivery-qa")
                        .withName("delivery")
                        .get())
                .isNull();
    }

    @Test
    void missingPermissionStopsBeforeAnyChangeAndListsIt() {
        standIn.setUser("alice");
        standIn.allow("*", "", "*", "delivery-qa");
        standIn.allow("*", "apps", "replicasets", "delivery-qa");
        standIn.allow("get", "", "namespaces", null);
        standIn.allow("create", "", "namespaces", null);

        assertThatThrownBy(() -> deployer().deploy(request("delivery", "v1.0.1", DIGEST_1, "r")))
                .hasMessageContaining("user alice lacks 6 of the")
                .hasMessageContaining("nothing was changed")
                .hasMessageContaining("create deployments.apps in delivery-qa")
                .hasMessageContaining("delete deployments.apps in delivery-qa");
        assertThat(standIn.client().secrets().inNamespace("delivery-qa").list().getItems())
                .isEmpty();

        // The fix the message gives: grant what it lists (docs/deploy.md has the Role).
        standIn.allow("*", "apps", "deployments", "delivery-qa");
        assertThat(deployer()
                        .deploy(request("delivery", "v1.0.1", DIGEST_1, "r"))
                        .revision())
                .isEqualTo(1);
    }

    @Test
    void aMissingNamespaceThatIsNotCreatedStopsWithTheCommand() throws Exception {
        try (KubeTarget production = KubeTarget.of(
                new DeployEnvironment(
                        "production",
                        work.resolve("kubeconfig"),
                        "test-cluster",
                        "delivery",
                        List.of(),
                        true,
                        DeployEnvironment.ReleaseNaming.STABLE,
                        3,
                        false),
                Map.of(),
                work)) {
            Deployer deployer = new Deployer(
                    production, production.client(), work.resolve("out"), BuildLog.silent(), Duration.ofMillis(100));

            assertThatThrownBy(() -> deployer.deploy(request("delivery", "v1.0.1", DIGEST_1, "r")))
                    .hasMessageContaining(
                            "namespace delivery does not exist in context test-cluster (environment production)")
                    .hasMessageContaining("kubectl create namespace delivery");

            // The command the message gives, with the real kubectl, against the same cluster.
            Kubectl.run(work.resolve("kubeconfig"), "--context", "test-cluster", "create", "namespace", "delivery");
            assertThat(deployer.deploy(request("delivery", "v1.0.1", DIGEST_1, "r"))
                            .status())
                    .isEqualTo("deployed");
        }
    }

    @Test
    void aSlowRolloutFailsInTimeAndPassesWithALongerTimeout() {
        standIn.setRolloutReadyDelay(Duration.ofSeconds(3));
        Deployer.Request impatient = request("delivery", "v1.0.1", DIGEST_1, "r", Duration.ofSeconds(1));

        assertThatThrownBy(() -> deployer().deploy(impatient))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("the rollout did not complete within 1 s");

        // The fix the message gives: -Dcicd.rolloutTimeout raised.
        Deployer.Result result = deployer().deploy(request("delivery", "v1.0.2", DIGEST_2, "r"));
        assertThat(result.status()).isEqualTo("deployed");
        assertThat(result.image()).endsWith(DIGEST_2);
    }

    @Test
    void rollbackToRevisionOne() {
        deployer().deploy(request("delivery", "v1.0.1", DIGEST_1, "first"));
        deployer().deploy(request("delivery", "v1.0.2", DIGEST_2, "second"));

        Deployer.Result back = deployer().rollback("delivery", 1, Duration.ofSeconds(20));

        assertThat(back.revision()).isEqualTo(3);
        Deployment deployment = standIn.client()
                .apps()
                .deployments()
                .inNamespace("delivery-qa")
                .withName("delivery")
                .get();
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .endsWith(DIGEST_1);
        assertThat(deployment.getMetadata().getAnnotations()).containsEntry("kubernetes.io/change-cause", "first");
    }

    @Test
    void versionedReleasesRunSideBySide() {
        DeployEnvironment versioned = new DeployEnvironment(
                "qa",
                target.kubeconfigFile(),
                "test-cluster",
                "delivery-qa",
                List.of(),
                false,
                DeployEnvironment.ReleaseNaming.VERSIONED,
                1,
                true);

        deployer().deploy(request(versioned.releaseName("delivery", "v1.0.1"), "v1.0.1", DIGEST_1, "one"));
        deployer().deploy(request(versioned.releaseName("delivery", "v1.0.2"), "v1.0.2", DIGEST_2, "two"));

        assertThat(standIn.client()
                        .apps()
                        .deployments()
                        .inNamespace("delivery-qa")
                        .list()
                        .getItems())
                .extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("delivery-v1-0-1", "delivery-v1-0-2");
        assertThat(deployer().versionedReleases("delivery"))
                .extracting(StoredRelease::name)
                .containsExactly("delivery-v1-0-1", "delivery-v1-0-2");
    }
}
