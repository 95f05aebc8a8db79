package dev.cicd.maven;

import dev.cicd.common.Json;
import dev.cicd.context.PipelineContext;
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
        PipelineContext context = resolveContext();
        rememberContext(context);
        Json.write(output("context.json"), context);

        Properties properties = project.getProperties();
        set(properties, "cicd.service", context.service());
        set(properties, "cicd.ci", context.ci());
        set(properties, "cicd.branch", context.branch());
        set(properties, "cicd.pullRequest", context.pullRequest());
        set(properties, "cicd.stage", context.stage());
        set(properties, "cicd.version", context.version());
        set(properties, "cicd.imageTag", context.imageTag());
        set(properties, "cicd.chartVersion", context.chartVersion());
        set(properties, "cicd.image", context.image());
        set(properties, "cicd.revision", context.revision());
        set(properties, "cicd.steps", String.join(",", context.steps()));

        getLog().info(String.format(
                "%s on %s, branch %s%s: stage %s (%s)",
                context.service(),
                context.ci(),
                context.branch() == null ? "(none)" : context.branch(),
                context.pullRequest() == null ? "" : ", pull request #" + context.pullRequest(),
                context.stage(),
                context.stageReason()));
        if (context.skipReason() != null) {
            getLog().info("every step of " + context.service() + " skips: " + context.skipReason());
        } else {
            getLog().info(String.format(
                    "version %s, image %s, chart %s, steps: %s",
                    context.version(),
                    context.image(),
                    context.chartVersion(),
                    context.steps().isEmpty() ? "none" : String.join(", ", context.steps())));
        }
    }

    private static void set(Properties properties, String key, String value) {
        if (value != null) {
            properties.setProperty(key, value);
        }
    }
}
