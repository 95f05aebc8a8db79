package dev.cicd.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cicd.chart.ChartRecord;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.context.PipelineContext;
import dev.cicd.kube.DeployEnvironment;
import dev.cicd.kube.Deployer;
import dev.cicd.kube.KubeTarget;
import dev.cicd.kube.TestCharts;
import dev.cicd.records.BuildRecords;
import dev.cicd.registry.PushRecord;
import dev.cicd.testkube.KubernetesStandIn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deploy step with real Helm against the Kubernetes stand-in, from the chart and push records. */
class DeployStepTest {

    private static final String DIGEST = "sha256:" + "7".repeat(64);

    @TempDir
    Path work;

    private KubernetesStandIn cluster;
    private BuildRecords records;
    private PipelineContext context;
    private DeployEnvironment qa;
    private DeployEnvironment production;

    @BeforeEach
    void start() throws Exception {
        cluster = KubernetesStandIn.start();
        Path kubeconfig = cluster.writeKubeconfig(work.resolve("kubeconfig"), "test-cluster", "delivery-qa");
        qa = environment("qa", kubeconfig, "delivery-qa", false);
        production = environment("production", kubeconfig, "delivery", true);
        records = BuildRecords.in(work.resolve("target/cicd"));
        context = LocalRelease.releaseContext("delivery", "v1.0.2");
    }

    private static DeployEnvironment environment(String name, Path kubeconfig, String namespace, boolean production) {
        return new DeployEnvironment(
                name,
                kubeconfig,
                "test-cluster",
                namespace,
                List.of(),
                production,
                DeployEnvironment.ReleaseNaming.STABLE,
                3,
                true);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private DeployStep step() {
        return new DeployStep(
                records, e -> KubeTarget.of(e, Map.of(), work), BuildLog.silent(), Duration.ofMillis(100));
    }

    private DeployStep.Request request(DeployEnvironment target, List<DeployEnvironment> productions) {
        return new DeployStep.Request(
                context, target, productions, "Release v1.0.2 of delivery", Duration.ofSeconds(20), true);
    }

    private void recordChartAndPush(String pushedTag) throws Exception {
        Path chart = TestCharts.deployment(work);
        records.write(
                BuildRecords.CHART,
                new ChartRecord("delivery", "1.0.2", "v1.0.2", chart.toString(), "sha256:" + "c".repeat(64), Map.of()));
        records.write(
                BuildRecords.PUSH,
                new PushRecord(LocalRelease.REGISTRY + "/delivery:" + pushedTag, DIGEST, null, null));
    }

    @Test
    void deploysTheImageThisBuildPushedPinnedByDigestAndRecordsIt() throws Exception {
        recordChartAndPush("v1.0.2");

        Deployer.Result result = step().run(request(qa, List.of()));

        assertThat(result.image()).isEqualTo(LocalRelease.REGISTRY + "/delivery@" + DIGEST);
        assertThat(result.changeCause()).isEqualTo("Release v1.0.2 of delivery");
        assertThat(records.read(BuildRecords.DEPLOY.of("qa"))).contains(result);
        assertThat(cluster.image("delivery-qa", "delivery")).isEqualTo(LocalRelease.REGISTRY + "/delivery@" + DIGEST);
    }

    @Test
    void withoutTheChartOrPushRecordsItSaysWhichGoalRunsFirst() throws Exception {
        assertThatThrownBy(() -> step().run(request(qa, List.of())))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("no packaged chart to deploy")
                .hasMessageContaining("cicd:chart runs before cicd:deploy");
        records.write(
                BuildRecords.CHART,
                new ChartRecord("delivery", "1.0.2", "v1.0.2", work.toString(), "sha256:" + "c".repeat(64), Map.of()));
        assertThatThrownBy(() -> step().run(request(qa, List.of())))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("nothing pushed in this build")
                .hasMessageContaining("cicd:push runs before cicd:deploy");
    }

    @Test
    void aPushRecordOfAnotherVersionIsNotDeployed() throws Exception {
        recordChartAndPush("v1.0.1");

        assertThatThrownBy(() -> step().run(request(qa, List.of())))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("not version v1.0.2 of this build; run cicd:push again");
    }

    @Test
    void productionAndEnvironmentsOnTheProductionClusterAreRefused() throws Exception {
        recordChartAndPush("v1.0.2");

        assertThatThrownBy(() -> step().run(request(production, List.of(production))))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("cicd:deploy does not deploy there");
        assertThatThrownBy(() -> step().run(request(qa, List.of(production))))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("points at the production cluster");
        assertThat(records.exists(BuildRecords.DEPLOY.of("qa"))).isFalse();
    }
}
