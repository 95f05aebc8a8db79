package dev.cicd.release;

import dev.cicd.common.BuildLog;
import dev.cicd.context.CiInfo;
import dev.cicd.context.CiSystem;
import dev.cicd.context.ContextResolver;
import dev.cicd.context.PipelineContext;
import dev.cicd.docker.DockerEngine;
import dev.cicd.records.BuildRecords;
import dev.cicd.registry.RegistryClient;
import dev.cicd.registry.credentials.RegistryCredentials;
import dev.cicd.registry.credentials.ResolvedCredentials;
import dev.cicd.testresults.TestSummary;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What the release services' tests run against: the plain-HTTP registry with authentication that
 * {@code scripts/local-env.sh} starts on 127.0.0.1:5000, and the Docker engine with its local base
 * images. Each test gets repositories of its own.
 */
public final class LocalRelease {

    public static final String REGISTRY = "127.0.0.1:5000";
    public static final String BASE_IMAGE = "cicd.local/busybox:1";
    public static final ResolvedCredentials CREDENTIALS =
            new ResolvedCredentials(RegistryCredentials.password("cicd", "cicd-local-secret"), "test");

    private LocalRelease() {}

    public static RegistryClient registry() {
        return new RegistryClient(
                REGISTRY,
                CREDENTIALS,
                new RegistryClient.Options(null, Duration.ofSeconds(20), 3, true),
                BuildLog.silent());
    }

    /** A repository no other test or run uses, e.g. {@code unit/push-1733130000000}. */
    public static String repository(String name) {
        return "unit/" + name + "-" + System.nanoTime();
    }

    /** The context of a release build of {@code delivery} at {@code version}, pushing to {@code repository}. */
    public static PipelineContext releaseContext(String repository, String version) {
        return new ContextResolver(Clock.systemUTC())
                .resolve(
                        new CiInfo(
                                CiSystem.GITHUB_ACTIONS, "release/delivery/" + version, null, null, "abc1234def5678"),
                        ContextResolver.Settings.of("delivery").withRegistry(REGISTRY, repository));
    }

    /** Tags the engine's busybox as the runtime image of {@code context}, with {@code marker} making it unique. */
    public static void tagRuntimeImage(DockerEngine engine, PipelineContext context, String marker) throws Exception {
        String image = context.registry() + "/" + context.repository();
        String id = engine.client()
                .buildImageCmd()
                .withDockerfile(dockerfile(marker).toFile())
                .withTags(java.util.Set.of(image + ":" + context.imageTag()))
                .withNetworkMode("none")
                .start()
                .awaitImageId();
        if (id == null) {
            throw new IllegalStateException("the engine built no image for " + image);
        }
    }

    private static java.nio.file.Path dockerfile(String marker) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("cicd-image");
        return java.nio.file.Files.writeString(
                dir.resolve("Dockerfile"), "FROM " + BASE_IMAGE + "\nLABEL test.marker=\"" + marker + "\"\n");
    }

    /** Tests that passed, as the test step records them. */
    public static TestSummary passedTests(int count) {
        return new TestSummary(
                TestSummary.Status.PASSED,
                0,
                count,
                count,
                0,
                0,
                0,
                1.0,
                2.0,
                List.of(),
                0,
                List.of(),
                List.of(),
                count + " tests passed");
    }

    public static void recordPassedTests(BuildRecords records, int count) {
        records.write(BuildRecords.TEST_SUMMARY, passedTests(count));
    }
}
