package dev.cicd.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {

    @TempDir
    Path context;

    private Map<String, TarArchiveEntry> entries(Path tar) throws Exception {
        Map<String, TarArchiveEntry> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(tar);
                TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = archive.getNextEntry()) != null) {
                entries.put(entry.getName(), entry);
            }
        }
        return entries;
    }

    @Test
    void appliesDockerignoreAsDockerDoes() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(context.resolve(".dockerignore"), "target/\n*.log\n!keep.log\nDockerfile\ndocs/**/*.md\n");
        Files.createDirectories(context.resolve("target/classes"));
        Files.writeString(context.resolve("target/classes/A.class"), "x");
        Files.writeString(context.resolve("build.log"), "noise");
        Files.writeString(context.resolve("keep.log"), "wanted");
        Files.createDirectories(context.resolve("src/main"));
        Files.writeString(context.resolve("src/main/App.java"), "class App {}");
        Path script = Files.writeString(context.resolve("run.sh"), "#!/bin/sh\n");
        script.toFile().setExecutable(true);
        Files.createDirectories(context.resolve("docs/guide"));
        Files.writeString(context.resolve("docs/guide/x.md"), "#");

        Path tar = BuildContext.archive(context, context.resolve("Dockerfile"));
        Map<String, TarArchiveEntry> entries = entries(tar);

        assertThat(entries).containsKeys("Dockerfile", ".dockerignore", "keep.log", "src/main/App.java", "run.sh");
        assertThat(entries).doesNotContainKeys("build.log", "target/classes/A.class", "docs/guide/x.md");
        assertThat(entries.get("run.sh").getMode() & 0100)
                .as("executable bit kept")
                .isNotZero();
        assertThat(entries.get("keep.log").getSize()).isEqualTo(6);
        Files.delete(tar);
    }

    @Test
    void dockerfileInASubdirectoryIsIncluded() throws Exception {
        Files.createDirectories(context.resolve("docker"));
        Files.writeString(context.resolve("docker/Dockerfile"), "FROM scratch\n");
        Files.writeString(context.resolve(".dockerignore"), "docker\n");

        Map<String, TarArchiveEntry> entries =
                entries(BuildContext.archive(context, context.resolve("docker/Dockerfile")));

        assertThat(entries).containsKey("docker/Dockerfile");
    }
}
