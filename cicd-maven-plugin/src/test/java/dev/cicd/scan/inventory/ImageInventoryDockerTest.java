package dev.cicd.scan.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cicd.common.BuildLog;
import dev.cicd.docker.DockerEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real engine: the layers and whiteouts Docker itself writes, exported by
 * {@code docker save} through docker-java. Needs a running engine with {@code cicd.local/busybox:1}
 * ({@code scripts/local-env.sh docker images}).
 */
class ImageInventoryDockerTest {

    @TempDir
    Path dir;

    private DockerEngine engine;
    private final String tag = "cicd.local/inventory-test:" + System.nanoTime();

    @BeforeEach
    void connect() {
        engine = DockerEngine.connect();
    }

    @AfterEach
    void removeImage() {
        try {
            engine.client().removeImageCmd(tag).withForce(true).exec();
        } catch (RuntimeException e) {
            // The build failed before tagging; nothing to remove.
        } finally {
            engine.close();
        }
    }

    @Test
    void inventoryOfAnImageBuiltAndSavedByDocker() throws Exception {
        Path context = Files.createDirectories(dir.resolve("context"));
        Files.writeString(context.resolve("os-release"), TestImages.DEBIAN_12);
        Files.writeString(context.resolve("status"), TestImages.resource("dpkg-status"));
        Path lib = Files.createDirectories(context.resolve("lib"));
        Files.write(
                lib.resolve("log4j-core-2.14.1.jar"),
                TestImages.jar()
                        .manifest("Implementation-Title: Apache Log4j Core", "Implementation-Version: 2.14.1")
                        .pom("org.apache.logging.log4j", "log4j-core", "2.14.1")
                        .classFile("org/apache/logging/log4j/core/lookup/JndiLookup.class")
                        .bytes());
        Files.write(
                lib.resolve("removed-1.0.jar"),
                TestImages.jar().pom("com.example", "removed", "1.0").bytes());
        Files.writeString(context.resolve("Dockerfile"), """
                FROM cicd.local/busybox:1
                COPY os-release /usr/lib/os-release
                COPY status /var/lib/dpkg/status
                COPY lib/ /app/lib/
                RUN ln -s ../usr/lib/os-release /etc/os-release && rm /app/lib/removed-1.0.jar
                """);
        dockerBuild(context);

        Inventory inventory;
        try (InputStream export = engine.client().saveImageCmd(tag).exec()) {
            inventory = ImageInventory.read(export, dir.resolve("work"), BuildLog.silent());
        }

        assertThat(inventory.warnings()).isEmpty();
        assertThat(inventory.os()).isEqualTo(new OsRelease("debian", "12", "Debian GNU/Linux 12 (bookworm)"));
        assertThat(inventory.packages())
                .filteredOn(p -> p.type().equals(Package.DEB))
                .extracting(Package::name)
                .containsExactly("base-files", "libc6", "libgcc-s1", "libssl3", "libxml2", "zlib1g");
        assertThat(inventory.packages())
                .filteredOn(p -> p.type().equals(Package.MAVEN))
                .singleElement()
                .isEqualTo(new Package(
                        "maven",
                        "org.apache.logging.log4j:log4j-core",
                        "2.14.1",
                        null,
                        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                        "/app/lib/log4j-core-2.14.1.jar",
                        "Maven"));
        var image = engine.client().inspectImageCmd(tag).exec();
        assertThat(inventory.imageId()).isEqualTo(image.getId());
        assertThat(inventory.layers()).isEqualTo(image.getRootFS().getLayers());
        try (var left = Files.list(dir.resolve("work"))) {
            assertThat(left).isEmpty();
        }

        String sbom = Sboms.cycloneDx(inventory, tag, null);
        assertThat(new JsonParser().validate(sbom.getBytes(StandardCharsets.UTF_8), Version.VERSION_16))
                .isEmpty();
    }

    private void dockerBuild(Path context) throws IOException, InterruptedException {
        Path output = dir.resolve("build.log");
        Process build = new ProcessBuilder(
                        List.of("docker", "build", "--network", "none", "-t", tag, context.toString()))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!build.waitFor(180, TimeUnit.SECONDS)) {
            build.destroyForcibly();
            throw new AssertionError("docker build did not finish in 180 s:\n" + Files.readString(output));
        }
        assertThat(build.exitValue())
                .as("docker build:\n%s", Files.readString(output))
                .isZero();
    }
}
