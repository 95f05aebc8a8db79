package dev.cicd.docker;

import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.context.PipelineContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the two images of a service from its multi-stage Dockerfile, as the seed does: the test
 * stage ({@code testrunner}), whose ENTRYPOINT runs the tests later, and the runtime image (the last
 * stage), tagged {@code <registry>/<repository>:<imageTag>} and labelled with OCI annotations.
 */
public final class PipelineImages {

    /**
     * How to build.
     *
     * @param contextDirectory the build context
     * @param dockerfile the Dockerfile
     * @param testTarget the test stage name
     * @param runtimeTarget the runtime stage name, null for the last stage
     * @param buildArgs build arguments
     * @param labels extra labels
     * @param networkMode network for RUN steps, null for the engine's default
     * @param noCache build without the engine's layer cache
     * @param sourceUrl where the source lives, for {@code org.opencontainers.image.source}; may be null
     * @param created the creation time label; the commit time keeps rebuilds of a commit identical
     */
    public record Settings(
            Path contextDirectory,
            Path dockerfile,
            String testTarget,
            String runtimeTarget,
            Map<String, String> buildArgs,
            Map<String, String> labels,
            String networkMode,
            boolean noCache,
            String sourceUrl,
            Instant created) {}

    private final ImageBuilder builder;
    private final BuildLog log;

    public PipelineImages(ImageBuilder builder, BuildLog log) {
        this.builder = builder;
        this.log = log;
    }

    /** The runtime image: {@code <registry>/<repository>:<imageTag>}. */
    public static ImageReference runtimeImage(PipelineContext context) {
        return ImageReference.of(context.registry(), context.repository(), context.imageTag());
    }

    /** The test image stays local: {@code <repository>:<imageTag>-<testTarget>}, never pushed. */
    public static ImageReference testImage(PipelineContext context, String testTarget) {
        return ImageReference.of("", context.repository(), context.imageTag() + "-" + testTarget);
    }

    public ImageRecord build(PipelineContext context, Settings settings, boolean test, boolean runtime) {
        DockerfileStages stages = checkedStages(settings, test);
        Map<String, String> labels = labels(context, settings);
        ImageBuilder.BuiltImage testImage = null;
        ImageBuilder.BuiltImage runtimeImage = null;
        if (test) {
            ImageReference tag = testImage(context, settings.testTarget());
            log.info("building test image " + tag + " (target " + settings.testTarget() + ")");
            testImage = buildStage(settings, settings.testTarget(), labels, tag);
        }
        if (runtime) {
            ImageReference tag = runtimeImage(context);
            String target = settings.runtimeTarget() != null
                    ? settings.runtimeTarget()
                    : stages.last().map(DockerfileStages.Stage::name).orElse(null);
            log.info("building runtime image " + tag + " (target " + (target == null ? "last stage" : target) + ")");
            runtimeImage = buildStage(settings, target, labels, tag);
        }
        return ImageRecord.of(testImage, runtimeImage);
    }

    /** The Dockerfile's stages, once it is known to lie in the context and to have the stages asked for. */
    private static DockerfileStages checkedStages(Settings settings, boolean test) {
        Path dockerfile = settings.dockerfile();
        if (!Files.isRegularFile(dockerfile)) {
            throw CicdException.project(
                    "no Dockerfile at " + dockerfile
                            + "; add one shaped like the seed's (stages base, build, testrunner, final) or set <dockerfile> / -Dcicd.dockerfile");
        }
        if (!dockerfile
                .toAbsolutePath()
                .normalize()
                .startsWith(settings.contextDirectory().toAbsolutePath().normalize())) {
            throw CicdException.project("the Dockerfile " + dockerfile + " lies outside the build context "
                    + settings.contextDirectory() + "; move it inside or set <contextDirectory>");
        }
        DockerfileStages stages = DockerfileStages.read(dockerfile);
        if (stages.stages().isEmpty()) {
            throw CicdException.project(dockerfile + " has no FROM instruction");
        }
        String runtimeTarget = settings.runtimeTarget();
        if (runtimeTarget != null && stages.named(runtimeTarget).isEmpty()) {
            throw CicdException.project(dockerfile + " has no stage named '" + runtimeTarget + "' (stages: "
                    + stages.describe() + "); fix <runtimeTarget> / -Dcicd.runtimeTarget");
        }
        if (test && stages.named(settings.testTarget()).isEmpty()) {
            throw CicdException.project(dockerfile + " has no stage named '" + settings.testTarget() + "' (stages: "
                    + stages.describe() + "). Name the test stage '" + settings.testTarget()
                    + "' (FROM build AS testrunner, with an ENTRYPOINT that runs the tests),"
                    + " set -Dcicd.testTarget=<stage>, or skip tests with -Dcicd.test.skip");
        }
        return stages;
    }

    /** The OCI annotations of both images, then the user's extra labels (which win). */
    private static Map<String, String> labels(PipelineContext context, Settings settings) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.version", context.imageTag());
        if (context.revision() != null) {
            labels.put("org.opencontainers.image.revision", context.revision());
        }
        if (settings.sourceUrl() != null && !settings.sourceUrl().isBlank()) {
            labels.put("org.opencontainers.image.source", settings.sourceUrl());
        }
        labels.put(
                "org.opencontainers.image.created",
                settings.created().truncatedTo(ChronoUnit.SECONDS).toString());
        labels.put("org.opencontainers.image.title", context.service());
        labels.putAll(settings.labels());
        return labels;
    }

    private ImageBuilder.BuiltImage buildStage(
            Settings settings, String target, Map<String, String> labels, ImageReference tag) {
        ImageBuilder.BuiltImage image = builder.build(new BuildRequest(
                settings.contextDirectory(),
                settings.dockerfile(),
                target,
                settings.buildArgs(),
                labels,
                tag,
                settings.networkMode(),
                settings.noCache()));
        log.info("built " + tag + " " + shortId(image.imageId()) + " in " + seconds(image.millis()));
        return image;
    }

    static String shortId(String imageId) {
        String hex = imageId.startsWith("sha256:") ? imageId.substring(7) : imageId;
        return hex.substring(0, Math.min(12, hex.length()));
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
