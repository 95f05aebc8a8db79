package dev.cicd.release;

import dev.cicd.chart.ChartDescription;
import dev.cicd.chart.ChartRecord;
import dev.cicd.chart.ChartService;
import dev.cicd.chart.PipelineValues;
import dev.cicd.chart.RenderTarget;
import dev.cicd.chart.policy.PolicyChecker;
import dev.cicd.chart.policy.PolicyReport;
import dev.cicd.chart.policy.PolicyWaiver;
import dev.cicd.common.BuildLog;
import dev.cicd.records.BuildRecords;
import dev.cicd.registry.RegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart step of a build: dependencies from {@code Chart.lock}, {@code helm lint}, a render per
 * environment with the pipeline's values, policy checks on what was rendered (recorded, enforced by
 * the verify step), and {@code helm package} with chart version = app version. Writes the
 * {@link BuildRecords#POLICY} and {@link BuildRecords#CHART} records.
 */
public final class ChartStep {

    /**
     * What to package.
     *
     * @param chartDirectory the chart's source (holding Chart.yaml)
     * @param strict {@code helm lint --strict}
     * @param targets the environments to render for
     * @param releaseName the release name to render with
     * @param values the pipeline's values; the digest is filled in from an earlier push of this version
     * @param waivers policy rules waived, each with a reason
     * @param chartVersion the chart version (the version without v)
     * @param appVersion the app version (the image tag)
     * @param packagingTime the time the archive's entries carry, so the same content packages to the same bytes
     */
    public record Request(
            Path chartDirectory,
            boolean strict,
            List<RenderTarget> targets,
            String releaseName,
            PipelineValues values,
            List<PolicyWaiver> waivers,
            String chartVersion,
            String appVersion,
            Instant packagingTime) {}

    /** What the step recorded. */
    public record Result(ChartRecord chart, PolicyReport policy) {}

    private final BuildRecords records;
    private final Path projectDirectory;
    private final BuildLog log;

    /** @param projectDirectory what the paths in the log are relative to */
    public ChartStep(BuildRecords records, Path projectDirectory, BuildLog log) {
        this.records = records;
        this.projectDirectory = projectDirectory.toAbsolutePath().normalize();
        this.log = log;
    }

    public Result run(Request request) {
        ChartService charts = new ChartService(request.chartDirectory(), records.path(BuildRecords.CHART_WORK), log);
        ChartDescription description = charts.describe();
        log.info("chart " + description.name() + " at " + relative(request.chartDirectory()));
        charts.buildDependencies();
        charts.lint(request.strict());

        PipelineValues values = request.values().withDigest(pushedDigest(request.appVersion()));
        Map<String, String> rendered = new LinkedHashMap<>();
        Map<String, String> manifests = new LinkedHashMap<>();
        for (RenderTarget target : request.targets()) {
            Path file = charts.render(target, request.releaseName(), values);
            rendered.put(target.environment(), file.toString());
            manifests.put(target.environment(), read(file));
            log.info("rendered for " + target.environment() + ": " + relative(file));
        }
        PolicyReport policy = checkPolicy(request.waivers(), manifests);

        Path archive = charts.packageChart(request.chartVersion(), request.appVersion(), request.packagingTime());
        String digest = sha256(archive);
        log.info("packaged " + relative(archive) + " (chart " + request.chartVersion() + ", app " + request.appVersion()
                + ", " + digest + ")");
        ChartRecord chart = new ChartRecord(
                description.name(), request.chartVersion(), request.appVersion(), archive.toString(), digest, rendered);
        records.write(BuildRecords.CHART, chart);
        return new Result(chart, policy);
    }

    private PolicyReport checkPolicy(List<PolicyWaiver> waivers, Map<String, String> manifests) {
        PolicyReport report = new PolicyChecker(waivers).check(manifests);
        records.write(BuildRecords.POLICY, report);
        for (String line : report.lines()) {
            if (report.passed()) {
                log.info(line);
            } else {
                log.warn(line);
            }
        }
        return report;
    }

    /** The digest pushed earlier in this build or a previous one of the same version, if any. */
    private String pushedDigest(String imageTag) {
        return records.read(BuildRecords.PUSH)
                .filter(pushed -> pushed.image() != null && pushed.image().endsWith(":" + imageTag))
                .map(pushed -> pushed.imageDigest())
                .orElse(null);
    }

    private String relative(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(projectDirectory)
                ? projectDirectory.relativize(absolute).toString()
                : absolute.toString();
    }

    private static String sha256(Path archive) {
        try {
            return RegistryClient.sha256(Files.readAllBytes(archive));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + archive, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }
}
