package dev.cicd.promote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.context.PipelineContext;
import dev.cicd.docker.DockerEngine;
import dev.cicd.kube.DeployEnvironment;
import dev.cicd.kube.KubeTarget;
import dev.cicd.kube.Kubectl;
import dev.cicd.records.BuildRecords;
import dev.cicd.registry.RegistryClient;
import dev.cicd.release.LocalRelease;
import dev.cicd.release.PushStep;
import dev.cicd.testkube.KubernetesStandIn;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Approvals against the local registry (image and evidence) and the Kubernetes stand-in (the production cluster). */
class ApproverTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path work;

    private KubernetesStandIn production;
    private KubeTarget cluster;
    private RegistryClient registry;
    private PipelineContext context;
    private String digest;

    @BeforeEach
    void releaseAnImage() throws Exception {
        registry = LocalRelease.registry();
        context = LocalRelease.releaseContext(LocalRelease.repository("approve"), "v1.0.2");
        try (DockerEngine engine = DockerEngine.connect()) {
            LocalRelease.tagRuntimeImage(engine, context, "approve");
            BuildRecords records = BuildRecords.in(work.resolve("target/cicd"));
            LocalRelease.recordPassedTests(records, 3);
            digest = new PushStep(
                            records,
                            new PushStep.Registry(registry, LocalRelease.CREDENTIALS, null),
                            CLOCK,
                            BuildLog.silent())
                    .run(new PushStep.Request(context, "charts", false, Map.of("GITHUB_ACTOR", "bob"), work), engine)
                    .pushed()
                    .imageDigest();
            engine.client().removeImageCmd(context.image()).withForce(true).exec();
        }
        production = KubernetesStandIn.start();
        production.createNamespace("cicd-approvals");
        Path kubeconfig = production.writeKubeconfig(work.resolve("kubeconfig"), "prod-cluster", "delivery");
        cluster = KubeTarget.of(
                new DeployEnvironment(
                        "production",
                        kubeconfig,
                        "prod-cluster",
                        "delivery",
                        List.of(),
                        true,
                        DeployEnvironment.ReleaseNaming.STABLE,
                        3,
                        false),
                Map.of(),
                work);
    }

    @AfterEach
    void stop() {
        cluster.close();
        production.close();
    }

    private Approver.Request request(boolean fourEyes) {
        return new Approver.Request(
                "delivery",
                context.imageTag(),
                context.chartVersion(),
                context.repository(),
                cluster,
                "cicd-approvals",
                Duration.ofHours(24),
                fourEyes,
                "CHG-42");
    }

    @Test
    void anApprovalIsBoundToTheDigestTheRegistryHoldsAndExpires() {
        production.setUser("alice");

        Approval approval = new Approver(registry, CLOCK, BuildLog.silent()).approve(request(true));

        assertThat(approval.imageDigest()).isEqualTo(digest);
        assertThat(approval.approver()).isEqualTo("alice");
        assertThat(approval.environment()).isEqualTo("production");
        assertThat(approval.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        ConfigMap stored = production
                .client()
                .configMaps()
                .inNamespace("cicd-approvals")
                .withName(approval.name())
                .get();
        assertThat(stored.getData()).containsEntry("imageDigest", digest).containsEntry("comment", "CHG-42");
        assertThat(stored.getImmutable()).isTrue();
        assertThat(new ApprovalStore(production.client(), "cicd-approvals")
                        .approvals("delivery", "v1.0.2", "production"))
                .containsExactly(approval);
    }

    @Test
    void anAuthorOfTheReleaseMayNotApproveItUnderTheFourEyesRule() {
        production.setUser("bob");

        assertThatThrownBy(() -> new Approver(registry, CLOCK, BuildLog.silent()).approve(request(true)))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("four-eyes rule: bob is an author of v1.0.2")
                .hasMessageContaining("another approver runs this command");
        assertThat(production
                        .client()
                        .configMaps()
                        .inNamespace("cicd-approvals")
                        .list()
                        .getItems())
                .isEmpty();

        assertThat(new Approver(registry, CLOCK, BuildLog.silent())
                        .approve(request(false))
                        .approver())
                .isEqualTo("bob");
    }

    @Test
    void aMissingApprovalsNamespaceIsCreatedWithTheCommandTheMessageGives() throws Exception {
        production.setUser("alice");
        Approver.Request elsewhere = new Approver.Request(
                "delivery",
                context.imageTag(),
                context.chartVersion(),
                context.repository(),
                cluster,
                "team-approvals",
                Duration.ofHours(1),
                true,
                null);

        assertThatThrownBy(() -> new Approver(registry, CLOCK, BuildLog.silent()).approve(elsewhere))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("namespace team-approvals for approvals does not exist in the production cluster")
                .hasMessageContaining("kubectl create namespace team-approvals");

        Kubectl.run(work.resolve("kubeconfig"), "create", "namespace", "team-approvals");
        assertThat(new Approver(registry, CLOCK, BuildLog.silent())
                        .approve(elsewhere)
                        .imageDigest())
                .isEqualTo(digest);
    }

    @Test
    void aVersionTheRegistryDoesNotHoldCannotBeApproved() {
        production.setUser("alice");
        Approver.Request missing = new Approver.Request(
                "delivery",
                "v9.9.9",
                "9.9.9",
                context.repository(),
                cluster,
                "cicd-approvals",
                Duration.ofHours(1),
                true,
                null);

        assertThatThrownBy(() -> new Approver(registry, CLOCK, BuildLog.silent()).approve(missing))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining(
                        "the registry has no " + LocalRelease.REGISTRY + "/" + context.repository() + ":v9.9.9")
                .hasMessageContaining("mvn deploy -Prelease");
    }
}
