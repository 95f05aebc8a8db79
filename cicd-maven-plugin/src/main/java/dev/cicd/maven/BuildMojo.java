package dev.cicd.maven;

import dev.cicd.context.GitCheckout;
import dev.cicd.context.PipelineContext;
import dev.cicd.context.Step;
import dev.cicd.docker.DockerEngine;
import dev.cicd.docker.ImageBuilder;
import dev.cicd.docker.PipelineImages;
import dev.cicd.records.BuildRecords;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds the service's images with the Docker engine: the test stage ({@code testrunner}) when the
 * stage runs tests, and the runtime image (the Dockerfile's last stage) when it runs step
 * {@code image}. The runtime image is tagged {@code <registry>/<repository>:<imageTag>}; {@code latest}
 * is never used. Image ids go to {@code target/cicd/images.json}.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class BuildMojo extends AbstractTestStageMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.build.skip", defaultValue = "false")
    private boolean skip;

    /** The multi-stage Dockerfile. */
    @Parameter(property = "cicd.dockerfile", defaultValue = "${project.basedir}/Dockerfile")
    private File dockerfile;

    /** The build context sent to the engine; {@code .dockerignore} in it applies. */
    @Parameter(property = "cicd.contextDirectory", defaultValue = "${project.basedir}")
    private File contextDirectory;

    /** The stage of the runtime image; by default the last stage of the Dockerfile. */
    @Parameter(property = "cicd.runtimeTarget")
    private String runtimeTarget;

    /** Build arguments ({@code ARG}), e.g. the base images. */
    @Parameter
    private Map<String, String> buildArgs;

    /** Build arguments from the command line, {@code KEY=VALUE,KEY=VALUE}; they win over {@code <buildArgs>}. */
    @Parameter(property = "cicd.buildArgs")
    private String buildArgsOverride;

    /** Extra image labels, added to the OCI labels the plugin sets. */
    @Parameter
    private Map<String, String> labels;

    /**
     * Network for the Dockerfile's RUN steps ({@code host}, {@code none}, ...); the engine's default
     * when empty. Steps that download dependencies need a network that reaches the package registry.
     */
    @Parameter(property = "cicd.buildNetwork")
    private String buildNetwork;

    /** Builds without the engine's layer cache. */
    @Parameter(property = "cicd.noCache", defaultValue = "false")
    private boolean noCache;

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.build.skip=true" : null;
    }

    @Override
    protected void run() {
        PipelineContext context = pipelineContext();
        String noTests = testSkipReason() != null
                ? testSkipReason()
                : context.whyNot(Step.TEST).orElse(null);
        boolean runtime = context.runs(Step.IMAGE);
        if (noTests != null && !runtime) {
            getLog().info("nothing to build: " + noTests);
            return;
        }
        if (noTests != null) {
            getLog().info("test image not built: " + noTests);
        }
        if (!runtime) {
            getLog().info("runtime image not built: "
                    + context.whyNot(Step.IMAGE).orElseThrow());
        }
        PipelineImages.Settings settings = new PipelineImages.Settings(
                contextDirectory.toPath(),
                dockerfile.toPath(),
                testTarget,
                KeyValues.blankToNull(runtimeTarget),
                mergedBuildArgs(),
                labels == null ? Map.of() : labels,
                KeyValues.blankToNull(buildNetwork),
                noCache,
                project.getScm() != null && project.getScm().getUrl() != null
                        ? project.getScm().getUrl()
                        : project.getUrl(),
                GitCheckout.reproducibleTime(project.getBasedir().toPath(), System.getenv()));
        try (DockerEngine engine = DockerEngine.connect()) {
            records()
                    .write(
                            BuildRecords.IMAGES,
                            new PipelineImages(new ImageBuilder(engine, buildLog()), buildLog())
                                    .build(context, settings, noTests == null, runtime));
        }
    }

    private Map<String, String> mergedBuildArgs() {
        Map<String, String> merged = new LinkedHashMap<>();
        if (buildArgs != null) {
            buildArgs.forEach((key, value) -> merged.put(key, value == null ? "" : value));
        }
        merged.putAll(KeyValues.parse(buildArgsOverride, "-Dcicd.buildArgs"));
        return merged;
    }
}
