package dev.cicd.maven;

import dev.cicd.chart.PipelineValues;
import dev.cicd.chart.RenderTarget;
import dev.cicd.context.GitCheckout;
import dev.cicd.context.PipelineContext;
import dev.cicd.context.Step;
import dev.cicd.release.ChartStep;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
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
        Path basedir = project.getBasedir().toPath();
        new ChartStep(records(), basedir, buildLog())
                .run(new ChartStep.Request(
                        chart != null
                                ? chart.toPath()
                                : basedir.resolve("src/main/helm").resolve(context.service()),
                        chartStrict,
                        renderTargets(),
                        context.service(),
                        new PipelineValues(
                                context.registry().isEmpty()
                                        ? context.repository()
                                        : context.registry() + "/" + context.repository(),
                                context.imageTag(),
                                null,
                                context.changeCause(reason)),
                        policyWaivers == null
                                ? List.of()
                                : policyWaivers.stream()
                                        .map(Waiver::toPolicyWaiver)
                                        .toList(),
                        context.chartVersion(),
                        context.imageTag(),
                        GitCheckout.reproducibleTime(basedir, System.getenv())));
    }

    /** Each environment's values and namespace; without environments, the chart's defaults. */
    private List<RenderTarget> renderTargets() {
        if (environments == null || environments.isEmpty()) {
            return List.of(new RenderTarget("default", List.of(), project.getArtifactId()));
        }
        return Environments.all(environments, project.getBasedir()).stream()
                .map(e -> new RenderTarget(e.name(), e.valuesFiles(), e.namespace()))
                .toList();
    }
}
