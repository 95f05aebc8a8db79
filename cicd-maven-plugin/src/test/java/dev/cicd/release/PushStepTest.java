package dev.cicd.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cicd.chart.ChartRecord;
import dev.cicd.chart.PipelineValues;
import dev.cicd.chart.RenderTarget;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.context.PipelineContext;
import dev.cicd.docker.DockerEngine;
import dev.cicd.promote.Evidence;
import dev.cicd.promote.EvidenceStore;
import dev.cicd.records.BuildRecords;
import dev.cicd.registry.PushRecord;
import dev.cicd.registry.RegistryClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The push step against the real Docker engine and the local registry with authentication. */
class PushStepTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path work;

    private DockerEngine engine;
    private RegistryClient registry;
    private BuildRecords records;
    private PipelineContext context;
    private String charts;

    @BeforeEach
    void start() {
        engine = DockerEngine.connect();
        registry = LocalRelease.registry();
        records = BuildRecords.in(work.resolve("target/cicd"));
        context = LocalRelease.releaseContext(LocalRelease.repository("push"), "v1.0.2");
        charts = LocalRelease.repository("charts");
    }

    @AfterEach
    void close() {
        try {
            engine.client().removeImageCmd(context.image()).withForce(true).exec();
        } catch (RuntimeException e) {
            // Not built: the test stopped before.
        }
        engine.close();
    }

    private PushStep step() {
        return new PushStep(
                records, new PushStep.Registry(registry, LocalRelease.CREDENTIALS, null), CLOCK, BuildLog.silent());
    }

    private PushStep.Request request(boolean allowOverwrite) {
        return new PushStep.Request(context, charts, allowOverwrite, Map.of("GITHUB_ACTOR", "bob"), work);
    }

    private void packageChart() throws Exception {
        Path chart = Files.createDirectories(work.resolve("chart/delivery/templates"));
        Files.writeString(chart.getParent().resolve("Chart.yaml"), "apiVersion: v2\nname: delivery\nversion: 0.0.0\n");
        Files.writeString(chart.resolve("configmap.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
        new ChartStep(records, work, BuildLog.silent())
                .run(new ChartStep.Request(
                        chart.getParent(),
                        false,
                        List.of(new RenderTarget("qa", List.of(), "delivery-qa")),
                        "delivery",
                        new PipelineValues(
                                context.registry() + "/" + context.repository(), context.imageTag(), null, "r"),
                        List.of(),
                        context.chartVersion(),
                        context.imageTag(),
                        CLOCK.instant()));
    }

    @Test
    void pushesImageAndChartRecordsDigestsAndAttachesTheEvidence() throws Exception {
        LocalRelease.tagRuntimeImage(engine, context, "first");
        packageChart();
        LocalRelease.recordPassedTests(records, 12);

        PushStep.Result result = step().run(request(false), engine);

        PushRecord pushed = records.read(BuildRecords.PUSH).orElseThrow();
        assertThat(pushed).isEqualTo(result.pushed());
        assertThat(pushed.image()).isEqualTo(context.image());
        assertThat(pushed.imageDigest())
                .isEqualTo(registry.head(context.repository(), context.imageTag())
                        .orElseThrow()
                        .digest());
        assertThat(pushed.chart()).isEqualTo(LocalRelease.REGISTRY + "/" + charts + "/delivery:1.0.2");
        assertThat(pushed.chartDigest())
                .isEqualTo(registry.head(charts + "/delivery", "1.0.2")
                        .orElseThrow()
                        .digest());

        Evidence attached = new EvidenceStore(registry)
                .find(context.repository(), pushed.imageDigest())
                .orElseThrow();
        assertThat(attached).isEqualTo(records.read(BuildRecords.EVIDENCE).orElseThrow());
        assertThat(attached.imageDigest()).isEqualTo(pushed.imageDigest());
        assertThat(attached.tests().status()).isEqualTo("PASSED");
        assertThat(attached.tests().tests()).isEqualTo(12);
        assertThat(attached.policy().passed()).isTrue();
        assertThat(attached.scan()).isNull();
        ChartRecord chart = records.read(BuildRecords.CHART).orElseThrow();
        assertThat(attached.chart().archiveDigest()).isEqualTo(chart.archiveDigest());
        assertThat(attached.authors()).containsExactly("bob");
        assertThat(attached.summary()).isEqualTo("tests PASSED (12 tests), policy passed, scan not run");
    }

    @Test
    void theSameImageAgainIsLeftAloneAndAnotherIsRefusedUnlessOverwriteIsAllowed() throws Exception {
        LocalRelease.tagRuntimeImage(engine, context, "first");
        String first = step().run(request(false), engine).pushed().imageDigest();

        assertThat(step().run(request(false), engine).pushed().imageDigest()).isEqualTo(first);

        LocalRelease.tagRuntimeImage(engine, context, "second");
        assertThatThrownBy(() -> step().run(request(false), engine))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("already exists in the registry with digest " + first)
                .hasMessageContaining("-Dcicd.allowOverwrite=true");
        assertThat(records.read(BuildRecords.PUSH).orElseThrow().imageDigest()).isEqualTo(first);

        // The fix the message gives works.
        String replaced = step().run(request(true), engine).pushed().imageDigest();
        assertThat(replaced).isNotEqualTo(first);
        assertThat(registry.head(context.repository(), context.imageTag())
                        .orElseThrow()
                        .digest())
                .isEqualTo(replaced);
    }

    @Test
    void withoutAPackagedChartOnlyTheImageIsPushed() throws Exception {
        LocalRelease.tagRuntimeImage(engine, context, "first");

        PushRecord pushed = step().run(request(false), engine).pushed();

        assertThat(pushed.chart()).isNull();
        assertThat(records.read(BuildRecords.EVIDENCE).orElseThrow().chart()).isNull();
    }

    @Test
    void anImageThatWasNotBuiltSaysToBuildIt() {
        assertThatThrownBy(() -> step().run(request(false), engine))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("does not exist in the Docker engine; build it first");
        assertThat(records.exists(BuildRecords.PUSH)).isFalse();
    }
}
