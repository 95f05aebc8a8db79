package dev.cicd.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Change detection in a monorepo, with real Maven builds of generated repositories:
 * <ol>
 *   <li>a 30-service reactor with one service changed: {@code mvn verify} with change detection
 *       against the same build of all services, alternated in one run;</li>
 *   <li>{@code mvn cicd:plan} for a pull request on a history of 10,000 commits and 5,000 files,
 *       next to {@code mvn validate} of the same reactor (Maven's own floor).</li>
 * </ol>
 * Needs the plugin installed (bench/run.sh does it) and the local Docker engine.
 *
 * Usage: MonorepoBenchmark [runs] [services] [commits]
 */
public final class MonorepoBenchmark {

    private static final String PLUGIN_VERSION = "0.1.0-SNAPSHOT";

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int services = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int commits = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        Path work = Files.createTempDirectory("monorepo-bench");

        Path reactor = work.resolve("reactor");
        writeReactor(reactor, services, 0);
        git(reactor, "init", "-q", "-b", "main");
        git(reactor, "add", "-A");
        git(reactor, "commit", "-q", "-m", "services");
        String changedService = String.format(Locale.ROOT, "services/service%02d/app.txt", services / 2);
        Files.writeString(reactor.resolve(changedService), "changed v2\n");
        git(reactor, "commit", "-q", "-am", "one service changed");
        // Warm the image cache and Maven's, as a CI agent with a warm cache would be.
        mvn(reactor, Map.of(), "verify", "-Dcicd.changes=false");
        double[] changed = new double[runs];
        double[] all = new double[runs];
        for (int i = 0; i < runs; i++) {
            all[i] = mvn(reactor, Map.of(), "verify", "-Dcicd.changes=false");
            changed[i] = mvn(reactor, Map.of(), "verify", "-Dcicd.changes=true");
        }
        System.out.printf(Locale.ROOT, "%d-service reactor, one service changed, mvn verify:%n", services);
        System.out.printf(Locale.ROOT, "  all services:           %s%n", Timing.describe(all));
        System.out.printf(Locale.ROOT, "  with change detection:  %s%n", Timing.describe(changed));
        System.out.printf(Locale.ROOT, "  ratio changed / all:    %.2f%n", Timing.median(changed) / Timing.median(all));

        Path history = work.resolve("history");
        int areas = 50;
        int filesPerArea = 100;
        writeReactor(history, areas, filesPerArea);
        git(history, "init", "-q", "-b", "main");
        fastImport(history, areas, filesPerArea, commits);
        git(history, "checkout", "-q", "-f", "feature");
        Map<String, String> pullRequest = Map.of(
                "GITHUB_ACTIONS",
                "true",
                "GITHUB_EVENT_NAME",
                "pull_request",
                "GITHUB_REF",
                "refs/pull/1/merge",
                "GITHUB_HEAD_REF",
                "feature",
                "GITHUB_BASE_REF",
                "main");
        mvn(history, pullRequest, "cicd:plan");
        double[] plan = new double[runs];
        double[] validate = new double[runs];
        for (int i = 0; i < runs; i++) {
            validate[i] = mvn(history, pullRequest, "validate");
            plan[i] = mvn(history, pullRequest, "cicd:plan");
        }
        String planJson = Files.readString(history.resolve("target/cicd/plan.json"));
        long building =
                planJson.lines().filter(l -> l.contains("\"builds\" : true")).count();
        System.out.printf(
                Locale.ROOT,
                "plan on %d commits, %d files, %d services (pull request forked at commit %d):%n",
                commits + 20,
                areas * filesPerArea,
                areas,
                commits / 2);
        System.out.printf(
                Locale.ROOT,
                "  mvn cicd:plan:          %s, %d of %d services build%n",
                Timing.describe(plan),
                building,
                areas);
        System.out.printf(Locale.ROOT, "  mvn validate (floor):   %s%n", Timing.describe(validate));
        System.out.printf(
                Locale.ROOT,
                "  plan beyond Maven's own start-up: %.2f s%n",
                (Timing.median(plan) - Timing.median(validate)) / 1000);
    }

    /** A root aggregator with {@code services} service modules, each with a quick Dockerfile and {@code files} more files. */
    private static void writeReactor(Path root, int services, int files) throws IOException {
        StringBuilder modules = new StringBuilder();
        for (int s = 0; s < services; s++) {
            String name = String.format(Locale.ROOT, "service%02d", s);
            modules.append("    <module>services/").append(name).append("</module>\n");
            Path dir = Files.createDirectories(root.resolve("services").resolve(name));
            Files.writeString(dir.resolve("pom.xml"), """
                    <project xmlns="http://maven.apache.org/POM/4.0.0">
                      <modelVersion>4.0.0</modelVersion>
                      <parent><groupId>bench</groupId><artifactId>monorepo</artifactId><version>1</version><relativePath>../../pom.xml</relativePath></parent>
                      <artifactId>%s</artifactId>
                      <packaging>pom</packaging>
                      <build><plugins><plugin><groupId>dev.cicd</groupId><artifactId>cicd-maven-plugin</artifactId></plugin></plugins></build>
                    </project>
                    """.formatted(name));
            Files.writeString(dir.resolve("Dockerfile"), """
                    FROM cicd.local/busybox:1 AS base
                    FROM base AS testrunner
                    COPY report.xml /app/report.xml
                    ENTRYPOINT ["sh", "-c", "cp /app/report.xml /app/tests/TestResults/TEST-service.xml"]
                    FROM base AS final
                    COPY app.txt /app/app.txt
                    USER 10001
                    """);
            Files.writeString(
                    dir.resolve("report.xml"),
                    "<testsuite name=\"" + name + "\" tests=\"1\"><testcase classname=\"" + name
                            + ".Test\" name=\"works\"/></testsuite>\n");
            Files.writeString(dir.resolve("app.txt"), name + " v1\n");
            for (int f = 0; f < files; f++) {
                Files.writeString(
                        Files.createDirectories(dir.resolve("src")).resolve(String.format(Locale.ROOT, "f%03d.txt", f)),
                        name + "/" + f + " version 0\n");
            }
        }
        Files.writeString(root.resolve(".gitignore"), "target/\n");
        Files.writeString(root.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>bench</groupId>
                  <artifactId>monorepo</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <modules>
                %s  </modules>
                  <build>
                    <pluginManagement>
                      <plugins>
                        <plugin>
                          <groupId>dev.cicd</groupId>
                          <artifactId>cicd-maven-plugin</artifactId>
                          <version>%s</version>
                          <executions><execution><goals>
                            <goal>context</goal><goal>build</goal><goal>test</goal><goal>verify</goal>
                          </goals></execution></executions>
                        </plugin>
                      </plugins>
                    </pluginManagement>
                  </build>
                </project>
                """.formatted(modules, PLUGIN_VERSION));
    }

    /**
     * The history through git fast-import (10,000 commits through the index would take minutes): the
     * files as written, then main changes one file per commit; {@code feature} forks halfway and
     * changes 20 files of one service. origin/main is main, as a CI checkout has it.
     */
    private static void fastImport(Path root, int areas, int filesPerArea, int commits) throws Exception {
        Path stream = root.resolve(".git/import.stream");
        try (OutputStream out = Files.newOutputStream(stream)) {
            int mark = 0;
            StringBuilder initial = new StringBuilder();
            List<Path> all = new ArrayList<>();
            try (var files = Files.walk(root)) {
                files.filter(Files::isRegularFile)
                        .filter(p -> !root.relativize(p).startsWith(".git"))
                        .forEach(all::add);
            }
            initial.append("commit refs/heads/main\nmark :").append(++mark).append('\n');
            initial.append("committer Bench <bench@example.com> 1700000000 +0000\ndata 7\ninitial\n");
            for (Path file : all) {
                byte[] content = Files.readAllBytes(file);
                initial.append("M 100644 inline ")
                        .append(root.relativize(file).toString().replace('\\', '/'))
                        .append('\n')
                        .append("data ")
                        .append(content.length)
                        .append('\n')
                        .append(new String(content, StandardCharsets.UTF_8))
                        .append('\n');
            }
            out.write(initial.toString().getBytes(StandardCharsets.UTF_8));
            int forkMark = 0;
            for (int i = 1; i < commits; i++) {
                String path = String.format(
                        Locale.ROOT, "services/service%02d/src/f%03d.txt", i % areas, (i / areas) % filesPerArea);
                out.write(commit("refs/heads/main", ++mark, i, "main " + i, path, "main " + i)
                        .getBytes(StandardCharsets.UTF_8));
                if (i == commits / 2) {
                    forkMark = mark;
                }
            }
            out.write(("reset refs/heads/feature\nfrom :" + forkMark + "\n\n").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 20; i++) {
                String path = String.format(Locale.ROOT, "services/service07/src/f%03d.txt", i);
                out.write(commit("refs/heads/feature", ++mark, commits + i, "feature " + i, path, "feature " + i)
                        .getBytes(StandardCharsets.UTF_8));
            }
            out.write(("reset refs/remotes/origin/main\nfrom refs/heads/main\n\n").getBytes(StandardCharsets.UTF_8));
        }
        Process process = new ProcessBuilder("git", "fast-import", "--quiet")
                .directory(root.toFile())
                .redirectInput(stream.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("git fast-import failed:\n" + new String(output, StandardCharsets.UTF_8));
        }
        Files.delete(stream);
    }

    private static String commit(String ref, int mark, int time, String message, String path, String content) {
        String data = content + "\n";
        return "commit " + ref + "\nmark :" + mark + "\ncommitter Bench <bench@example.com> " + (1700000000L + time)
                + " +0000\n"
                + "data " + message.length() + "\n" + message + "\n"
                + "M 100644 inline " + path + "\ndata " + data.length() + "\n" + data + "\n";
    }

    private static void git(Path directory, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Timing.run(directory, command.toArray(String[]::new));
    }

    /** Milliseconds of one {@code mvn -B -q} run; the CI variables given are the only ones set. */
    private static double mvn(Path directory, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q"));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        for (String variable : List.of("TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "JENKINS_HOME")) {
            builder.environment().remove(variable);
        }
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        int exit = process.waitFor();
        double millis = (System.nanoTime() - start) / 1e6;
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " in " + directory + " failed:\n"
                    + new String(output, StandardCharsets.UTF_8));
        }
        return millis;
    }
}
