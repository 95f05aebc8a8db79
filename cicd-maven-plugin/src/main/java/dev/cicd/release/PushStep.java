package dev.cicd.release;

import dev.cicd.chart.ChartDescription;
import dev.cicd.chart.ChartPusher;
import dev.cicd.chart.ChartRecord;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.context.PipelineContext;
import dev.cicd.docker.DockerEngine;
import dev.cicd.docker.ImagePusher;
import dev.cicd.docker.ImageReference;
import dev.cicd.docker.PipelineImages;
import dev.cicd.promote.Evidence;
import dev.cicd.promote.EvidenceBuilder;
import dev.cicd.promote.EvidenceStore;
import dev.cicd.records.BuildRecords;
import dev.cicd.registry.Descriptor;
import dev.cicd.registry.PushRecord;
import dev.cicd.registry.RegistryClient;
import dev.cicd.registry.credentials.ResolvedCredentials;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The push step of a release build: the runtime image through the Docker engine, the chart the
 * chart step packaged (when it ran) with Helm, both with immutable versions; then the release
 * evidence, built from the steps' records, attached to the image in the registry. Writes the
 * {@link BuildRecords#PUSH} and {@link BuildRecords#EVIDENCE} records.
 */
public final class PushStep {

    /** The registry, with the credentials found for it and its CA certificate (null for a public CA). */
    public record Registry(RegistryClient client, ResolvedCredentials credentials, Path caFile) {}

    /**
     * What to push.
     *
     * @param context the build's context: the image and version
     * @param chartRepository the repository path of charts in the registry, e.g. {@code charts}
     * @param allowOverwrite whether another content may replace an existing version
     * @param environment the process environment (CI variables name who started the build)
     * @param projectDirectory the module's directory (its git checkout names the commit's author)
     */
    public record Request(
            PipelineContext context,
            String chartRepository,
            boolean allowOverwrite,
            Map<String, String> environment,
            Path projectDirectory) {}

    /** What the registry now holds, and the evidence attached to the image. */
    public record Result(PushRecord pushed, Evidence evidence, String evidenceDigest) {}

    private final BuildRecords records;
    private final Registry registry;
    private final Clock clock;
    private final BuildLog log;

    public PushStep(BuildRecords records, Registry registry, Clock clock, BuildLog log) {
        this.records = records;
        this.registry = registry;
        this.clock = clock;
        this.log = log;
    }

    public Result run(Request request, DockerEngine engine) {
        PipelineContext context = request.context();
        ImageReference image = PipelineImages.runtimeImage(context);
        ImagePusher.Pushed pushedImage = new ImagePusher(engine, registry.client(), registry.credentials(), log)
                .push(image, request.allowOverwrite());
        Optional<ChartRecord> packaged = records.read(BuildRecords.CHART);
        Optional<ChartPusher.PushedChart> pushedChart = pushChart(request, packaged);
        PushRecord pushed = new PushRecord(
                pushedImage.reference().toString(),
                pushedImage.digest(),
                pushedChart.map(ChartPusher.PushedChart::reference).orElse(null),
                pushedChart.map(ChartPusher.PushedChart::digest).orElse(null));
        records.write(BuildRecords.PUSH, pushed);

        Evidence evidence = EvidenceBuilder.build(
                context, pushed, stepResults(packaged), request.environment(), request.projectDirectory(), clock);
        Descriptor subject = registry.client()
                .head(image.repository(), pushedImage.digest())
                .orElseThrow(() -> CicdException.environment(
                        "registry " + registry.client().host() + " does not show " + image.repository() + "@"
                                + pushedImage.digest() + " after the push"));
        String evidenceDigest = new EvidenceStore(registry.client()).attach(image.repository(), subject, evidence);
        records.write(BuildRecords.EVIDENCE, evidence);
        log.info("release evidence attached to " + pushedImage.digest() + " as " + evidenceDigest + " ("
                + evidence.summary() + ")");
        log.info("image " + pushedImage.reference().name() + "@" + pushedImage.digest()
                + pushedChart
                        .map(c -> ", chart " + c.reference() + "@" + c.digest())
                        .orElse(""));
        return new Result(pushed, evidence, evidenceDigest);
    }

    private Optional<ChartPusher.PushedChart> pushChart(Request request, Optional<ChartRecord> packaged) {
        if (packaged.isEmpty()) {
            log.info("no chart pushed: cicd:chart did not package one in this build ("
                    + records.path(BuildRecords.CHART) + " is missing)");
            return Optional.empty();
        }
        ChartRecord chart = packaged.get();
        ChartPusher pusher = new ChartPusher(
                registry.client(), registry.credentials(), registry.caFile(), request.environment(), log);
        return Optional.of(pusher.push(
                Path.of(chart.archive()),
                new ChartDescription(chart.name(), chart.version(), chart.appVersion(), List.of()),
                request.chartRepository(),
                request.allowOverwrite()));
    }

    private EvidenceBuilder.StepResults stepResults(Optional<ChartRecord> packaged) {
        return new EvidenceBuilder.StepResults(
                records.read(BuildRecords.TEST_SUMMARY).orElse(null),
                records.read(BuildRecords.POLICY).orElse(null),
                records.read(BuildRecords.SCAN_GATE).orElse(null),
                packaged.orElse(null));
    }
}
