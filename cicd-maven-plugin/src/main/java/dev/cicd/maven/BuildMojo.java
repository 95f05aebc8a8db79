package dev.cicd.maven;

import dev.cicd.common.Json;
import dev.cicd.context.GitCheckout;
import dev.cicd.context.PipelineContext;
import dev.cicd.context.Step;
import dev.cicd.docker.DockerEngine;
import dev.cicd.docker.ImageBuilder;
import dev.cicd.docker.ImageRecord;
import dev.cicd.docker.PipelineImages;
import java.io.File;
import java.time.Instant;
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
public class BuildMojo extends AbstractPipelineMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.build.skip", defaultValue = "false")
    private boolean skip;

    /** The multi-stage Dockerfile. */
    @Parameter(property = "cicd.dockerfile", defaultValue = "${project.basedir}/Dockerfile")
    private File dockerfile;

    /** The build context sent to the engine; {@code .dockerignore} in it applies. */
    @Parameter(property = "cicd.contextDirectory", defaultValue = "${project.basedir}")
    private File contextDirectory;

    /** The Dockerfile stage whose ENTRYPOINT runs the tests. */
    @Parameter(property = "cicd.testTarget", defaultValue = "testrunner")
    private String testTarget;

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
        boolean test = context.runs(Step.TEST);
        boolean runtime = context.runs(Step.IMAGE);
        if (!test && !runtime) {
            getLog().info("nothing to build: " + context.whyNot(Step.TEST).orElse(""));
            return;
        }
        if (!test) {
            getLog().info("test image not built: " + context.whyNot(Step.TEST).orElseThrow());
        }
        if (!runtime) {
            getLog().info("runtime image not built: "
                    + context.whyNot(Step.IMAGE).orElseThrow());
        }
        PipelineImages.Settings settings = new PipelineImages.Settings(
                contextDirectory.toPath(),
                dockerfile.toPath(),
                testTarget,
                blankToNull(runtimeTarget),
                mergedBuildArgs(),
                labels == null ? Map.of() : labels,
                blankToNull(buildNetwork),
                noCache,
                project.getScm() != null && project.getScm().getUrl() != null
                        ? project.getScm().getUrl()
                        : project.getUrl(),
                reproducibleTime(project.getBasedir().toPath()));
        try (DockerEngine engine = DockerEngine.connect()) {
            ImageRecord images = new PipelineImages(new ImageBuilder(engine, buildLog()), buildLog())
                    .build(context, settings, test, runtime);
            Json.write(output("images.json"), images);
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

    /**
     * {@code SOURCE_DATE_EPOCH} when set (the reproducible-builds convention), else the commit time,
     * else now: a rebuild of the same commit then gets the same label and the engine's cache keeps
     * the same image.
     */
    static Instant reproducibleTime(java.nio.file.Path directory) {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && epoch.matches("\\d+")) {
            return Instant.ofEpochSecond(Long.parseLong(epoch));
        }
        return GitCheckout.find(directory).map(GitCheckout::commitTime).orElseGet(Instant::now);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
