package dev.cicd.maven;

import dev.cicd.chart.ChartDescription;
import dev.cicd.chart.ChartRecord;
import dev.cicd.chart.ChartService;
import dev.cicd.chart.PipelineValues;
import dev.cicd.chart.RenderTarget;
import dev.cicd.chart.policy.PolicyChecker;
import dev.cicd.chart.policy.PolicyReport;
import dev.cicd.chart.policy.PolicyWaiver;
import dev.cicd.common.Json;
import dev.cicd.context.PipelineContext;
import dev.cicd.context.Step;
import dev.cicd.registry.PushRecord;
import dev.cicd.registry.RegistryClient;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The service's Helm chart: dependencies from {@code Chart.lock}, {@code helm lint}, a render per
 * environment into {@code target/cicd/chart/rendered/<environment>.yaml} with the pipeline's values
 * (image repository, tag, digest once pushed, change cause), policy checks on what was rendered
 * (reported here, enforced by {@code cicd:verify}), and {@code helm package} with chart version =
 * the version without {@code v} and appVersion = the image tag.
 */
@Mojo(name = "chart", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class ChartMojo extends AbstractPipelineMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.chart.skip", defaultValue = "false")
    private boolean skip;

    /** The chart directory (holding Chart.yaml); default {@code src/main/helm/<service>}. */
    @Parameter(property = "cicd.chart")
    private File chart;

    /** Runs {@code helm lint --strict}: warnings fail too. */
    @Parameter(property = "cicd.chartStrict", defaultValue = "false")
    private boolean chartStrict;

    /** Policy rules waived for this service, each with a written reason. */
    @Parameter
    private List<Waiver> policyWaivers;

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.chart.skip=true" : null;
    }

    @Override
    protected void run() {
        PipelineContext context = pipelineContext();
        if (!context.runs(Step.CHART)) {
            getLog().info("chart not built: " + context.whyNot(Step.CHART).orElseThrow());
            return;
        }
        Path chartDirectory = chartDirectory(project.getBasedir(), chart, context.service());
        ChartService charts = new ChartService(chartDirectory, output("chart"), buildLog());
        ChartDescription description = charts.describe();
        getLog().info("chart " + description.name() + " at "
                + project.getBasedir().toPath().relativize(chartDirectory));

        charts.buildDependencies();
        charts.lint(chartStrict);

        PipelineValues values = new PipelineValues(
                context.registry().isEmpty() ? context.repository() : context.registry() + "/" + context.repository(),
                context.imageTag(),
                pushedDigest(),
                ChangeCause.of(context, reason));
        Map<String, String> rendered = new LinkedHashMap<>();
        Map<String, String> manifests = new LinkedHashMap<>();
        for (RenderTarget target : renderTargets()) {
            Path file = charts.render(target, context.service(), values);
            rendered.put(target.environment(), file.toString());
            manifests.put(target.environment(), read(file));
            getLog().info("rendered for " + target.environment() + ": "
                    + project.getBasedir().toPath().relativize(file));
        }

        PolicyReport report = new PolicyChecker(waivers()).check(manifests);
        Json.write(output("policy.json"), report);
        report.lines().forEach(line -> {
            if (report.passed()) {
                getLog().info(line);
            } else {
                getLog().warn(line);
            }
        });

        Path archive = charts.packageChart(context.chartVersion(), context.imageTag(), packagingTime());
        String digest;
        try {
            digest = RegistryClient.sha256(Files.readAllBytes(archive));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        getLog().info("packaged " + project.getBasedir().toPath().relativize(archive) + " (chart "
                + context.chartVersion() + ", app " + context.imageTag() + ", " + digest + ")");
        Json.write(
                output("chart.json"),
                new ChartRecord(
                        description.name(),
                        context.chartVersion(),
                        context.imageTag(),
                        archive.toString(),
                        digest,
                        rendered));
    }

    /** The chart directory: as configured, else {@code src/main/helm/<service>}. */
    static Path chartDirectory(File basedir, File configured, String service) {
        return configured != null
                ? configured.toPath()
                : basedir.toPath().resolve("src/main/helm").resolve(service);
    }

    private List<RenderTarget> renderTargets() {
        List<RenderTarget> targets = new ArrayList<>();
        if (environments == null || environments.isEmpty()) {
            targets.add(new RenderTarget("default", List.of(), project.getArtifactId()));
            return targets;
        }
        for (Environment environment : environments) {
            targets.add(new RenderTarget(
                    environment.name,
                    environment.valuesFiles.stream()
                            .map(f -> f.isAbsolute()
                                    ? f.toPath()
                                    : project.getBasedir().toPath().resolve(f.toPath()))
                            .toList(),
                    environment.namespace));
        }
        return targets;
    }

    private List<PolicyWaiver> waivers() {
        if (policyWaivers == null) {
            return List.of();
        }
        return policyWaivers.stream()
                .map(w -> new PolicyWaiver(w.rule, w.reason, w.resource))
                .toList();
    }

    /** The digest pushed earlier in this build or a previous one of the same version, if any. */
    private String pushedDigest() {
        Path pushed = output("push.json");
        if (!Files.isRegularFile(pushed)) {
            return null;
        }
        PushRecord record = Json.read(pushed, PushRecord.class);
        return record.image() != null
                        && record.image().endsWith(":" + pipelineContext().imageTag())
                ? record.imageDigest()
                : null;
    }

    /** The commit time (or SOURCE_DATE_EPOCH), so the same chart content packages to the same bytes. */
    private Instant packagingTime() {
        return BuildMojo.reproducibleTime(project.getBasedir().toPath());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
