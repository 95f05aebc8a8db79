package dev.cicd.bench;

import dev.cicd.common.BuildLog;
import dev.cicd.context.CiInfo;
import dev.cicd.context.CiSystem;
import dev.cicd.context.ContextResolver;
import dev.cicd.context.PipelineContext;
import dev.cicd.docker.DockerEngine;
import dev.cicd.docker.ImageBuilder;
import dev.cicd.docker.PipelineImages;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * cicd:build against the docker build CLI, on the same Dockerfile and the same engine with a warm
 * cache, alternating the two so that both see the same machine state.
 *
 * <ul>
 *   <li>without Maven's start-up: the plugin's build service called in this JVM, against
 *       {@code docker build} with the same target, build arguments and labels;
 *   <li>with start-up: {@code mvn cicd:build} as a user runs it, against the same CLI build.
 * </ul>
 *
 * Usage: BuildBenchmark &lt;service directory&gt; [runs]
 */
public final class BuildBenchmark {

    public static void main(String[] args) throws Exception {
        Path service = Path.of(args.length > 0 ? args[0] : "samples/delivery").toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Map<String, String> buildArgs =
                Map.of("RUNTIME_IMAGE", "cicd.local/jre:17", "BUILD_IMAGE", "cicd.local/jdk-maven:17");

        PipelineContext context = new ContextResolver(Clock.systemUTC())
                .resolve(
                        new CiInfo(CiSystem.LOCAL, "main", null, null, "0000000000000000000000000000000000000000"),
                        ContextResolver.Settings.of("delivery")
                                .withRegistry("", "bench/delivery")
                                .withVersion("9.9.9"));
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        PipelineImages.Settings settings = new PipelineImages.Settings(
                service,
                service.resolve("Dockerfile"),
                "testrunner",
                null,
                buildArgs,
                Map.of(),
                "host",
                false,
                null,
                created);

        // The same request through the CLI: target, arguments, the labels the plugin adds, the tag.
        List<String> cli = new ArrayList<>(
                List.of("docker", "build", "-q", "--network", "host", "--target", "final", "-t", "bench/delivery:cli"));
        buildArgs.forEach((k, v) -> cli.addAll(List.of("--build-arg", k + "=" + v)));
        Map<String, String> labels = Map.of(
                "org.opencontainers.image.version", context.imageTag(),
                "org.opencontainers.image.revision", context.revision(),
                "org.opencontainers.image.created", created.toString(),
                "org.opencontainers.image.title", "delivery");
        labels.forEach((k, v) -> cli.addAll(List.of("--label", k + "=" + v)));
        cli.add(".");
        String[] cliCommand = cli.toArray(String[]::new);

        List<String> mvn = List.of(
                "mvn",
                "-B",
                "-q",
                "cicd:build",
                "-Dcicd.steps=image",
                "-Dcicd.branch=main",
                "-Dcicd.repository=bench/delivery");
        String[] mvnCommand = mvn.toArray(String[]::new);

        try (DockerEngine engine = DockerEngine.connect()) {
            PipelineImages images = new PipelineImages(new ImageBuilder(engine, BuildLog.silent()), BuildLog.silent());
            // Warm the engine's cache for every variant and this JVM's code paths.
            images.build(context, settings, false, true);
            Timing.run(service, cliCommand);
            Timing.run(service, mvnCommand);

            double[] plugin = new double[runs];
            double[] docker = new double[runs];
            for (int i = 0; i < runs; i++) {
                plugin[i] = Timing.time(1, () -> images.build(context, settings, false, true))[0];
                docker[i] = Timing.time(1, () -> {
                    Timing.run(service, cliCommand);
                    return null;
                })[0];
            }
            int mavenRuns = Math.max(3, runs / 2);
            double[] maven = new double[mavenRuns];
            double[] docker2 = new double[mavenRuns];
            double[] mavenAlone = new double[mavenRuns];
            for (int i = 0; i < mavenRuns; i++) {
                mavenAlone[i] = Timing.time(1, () -> {
                    Timing.run(service, "mvn", "-B", "-q", "validate");
                    return null;
                })[0];
                maven[i] = Timing.time(1, () -> {
                    Timing.run(service, mvnCommand);
                    return null;
                })[0];
                docker2[i] = Timing.time(1, () -> {
                    Timing.run(service, cliCommand);
                    return null;
                })[0];
            }
            System.out.println(
                    "cicd:build against docker build, warm cache, " + service.getFileName() + " (target final)");
            System.out.println("  plugin build service (no Maven start-up): " + Timing.describe(plugin));
            System.out.println("  docker build CLI:                         " + Timing.describe(docker));
            System.out.printf(
                    Locale.ROOT,
                    "  ratio without Maven start-up: %.2f (target <= 1.10)%n",
                    Timing.median(plugin) / Timing.median(docker));
            System.out.println("  mvn cicd:build (with Maven start-up):     " + Timing.describe(maven));
            System.out.println("  docker build CLI:                         " + Timing.describe(docker2));
            System.out.printf(
                    Locale.ROOT, "  ratio with Maven start-up: %.2f%n", Timing.median(maven) / Timing.median(docker2));
            System.out.println("  of which Maven alone (mvn validate):      " + Timing.describe(mavenAlone));
        }
    }
}
