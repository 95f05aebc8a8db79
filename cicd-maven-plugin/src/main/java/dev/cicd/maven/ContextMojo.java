package dev.cicd.maven;

import dev.cicd.context.PipelineContext;
import dev.cicd.records.BuildRecords;
import java.util.Properties;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Works out where this build stands: CI system, branch, pull request, stage (feature, pr, main,
 * release), version and image tag, and which steps run. Exposes them as project properties
 * ({@code cicd.stage}, {@code cicd.version}, {@code cicd.imageTag}, {@code cicd.chartVersion},
 * {@code cicd.image}, {@code cicd.branch}, {@code cicd.revision}, {@code cicd.steps}, ...) and writes
 * {@code target/cicd/context.json}.
 */
@Mojo(name = "context", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public class ContextMojo extends AbstractPipelineMojo {

    /** Skips this goal; later goals then work the context out for themselves. */
    @Parameter(property = "cicd.context.skip", defaultValue = "false")
    private boolean skip;

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.context.skip=true" : null;
    }

    @Override
    protected void run() {
        PipelineContext context =
                PipelineContexts.resolve(session, project, moduleSettings(), reactorSettings(), buildLog());
        PipelineContexts.remember(project, context);
        PipelineContext.Written written = context.written();
        records().write(BuildRecords.CONTEXT, written);

        Properties properties = project.getProperties();
        set(properties, "cicd.service", written.service());
        set(properties, "cicd.ci", written.ci());
        set(properties, "cicd.branch", written.branch());
        set(properties, "cicd.pullRequest", written.pullRequest());
        set(properties, "cicd.stage", written.stage());
        set(properties, "cicd.version", written.version());
        set(properties, "cicd.imageTag", written.imageTag());
        set(properties, "cicd.chartVersion", written.chartVersion());
        set(properties, "cicd.image", written.image());
        set(properties, "cicd.revision", written.revision());
        set(properties, "cicd.steps", String.join(",", written.steps()));

        getLog().info(String.format(
                "%s on %s, branch %s%s: stage %s (%s)",
                written.service(),
                written.ci(),
                written.branch() == null ? "(none)" : written.branch(),
                written.pullRequest() == null ? "" : ", pull request #" + written.pullRequest(),
                written.stage(),
                written.stageReason()));
        if (context.skipReason() != null) {
            getLog().info("every step of " + context.service() + " skips: " + context.skipReason());
        } else {
            getLog().info(String.format(
                    "version %s, image %s, chart %s, steps: %s",
                    written.version(),
                    written.image(),
                    written.chartVersion(),
                    written.steps().isEmpty() ? "none" : String.join(", ", written.steps())));
        }
    }

    private static void set(Properties properties, String key, String value) {
        if (value != null) {
            properties.setProperty(key, value);
        }
    }
}
