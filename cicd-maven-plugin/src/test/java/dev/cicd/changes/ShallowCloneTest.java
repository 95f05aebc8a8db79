package dev.cicd.changes;

import static dev.cicd.changes.SampleMonorepo.DELIVERY;
import static dev.cicd.changes.SampleMonorepo.affectedIds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cicd.common.BuildLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** CI systems clone with depth 1 by default; the history needed for a base is then missing. */
class ShallowCloneTest {

    @TempDir
    Path dir;

    SampleMonorepo origin;
    RevCommit before;

    @BeforeEach
    void setUp() throws Exception {
        origin = SampleMonorepo.create(dir.resolve("origin"));
        before = origin.change("one", "src/catalog/products/src/main/java/Products.java");
        origin.createBranch("feature/delivery");
        origin.checkout("feature/delivery");
        origin.change("two", "src/shipping/delivery/src/main/java/Delivery.java");
        origin.checkout("main");
        origin.change("three", "src/shipping/delivery/src/main/java/Delivery.java");
    }

    @AfterEach
    void tearDown() {
        origin.close();
    }

    private SampleMonorepo clone(int depth, String branch) throws Exception {
        Path clone = dir.resolve("agent-" + depth);
        Git.cloneRepository()
                .setURI(dir.resolve("origin").toUri().toString())
                .setDirectory(clone.toFile())
                .setDepth(depth)
                .setBranch(branch)
                .setCloneAllBranches(true)
                .call()
                .close();
        return SampleMonorepo.open(clone);
    }

    static Stream<Arguments> ciSystems() {
        String sha = "%BEFORE%";
        return Stream.of(
                Arguments.of(
                        "GitHub Actions push",
                        Map.of(
                                "GITHUB_ACTIONS",
                                "true",
                                "GITHUB_EVENT_NAME",
                                "push",
                                "GITHUB_REF",
                                "refs/heads/main",
                                "GITHUB_EVENT_PATH",
                                "%EVENT%"),
                        "`fetch-depth: 0`"),
                Arguments.of(
                        "GitHub Actions pull request",
                        Map.of(
                                "GITHUB_ACTIONS",
                                "true",
                                "GITHUB_EVENT_NAME",
                                "pull_request",
                                "GITHUB_REF",
                                "refs/pull/7/merge",
                                "GITHUB_HEAD_REF",
                                "feature/delivery",
                                "GITHUB_BASE_REF",
                                "feature/delivery"),
                        "`fetch-depth: 0`"),
                Arguments.of(
                        "Azure Pipelines pull request",
                        Map.of(
                                "TF_BUILD",
                                "True",
                                "BUILD_SOURCEBRANCH",
                                "refs/pull/42/merge",
                                "SYSTEM_PULLREQUEST_PULLREQUESTID",
                                "42",
                                "SYSTEM_PULLREQUEST_SOURCEBRANCH",
                                "refs/heads/main",
                                "SYSTEM_PULLREQUEST_TARGETBRANCH",
                                "refs/heads/feature/delivery"),
                        "`fetchDepth: 0`"),
                Arguments.of(
                        "Azure Pipelines branch",
                        Map.of("TF_BUILD", "True", "BUILD_SOURCEBRANCH", "refs/heads/main"),
                        "`fetchDepth: 0`"),
                Arguments.of(
                        "GitLab CI push",
                        Map.of("GITLAB_CI", "true", "CI_COMMIT_REF_NAME", "main", "CI_COMMIT_BEFORE_SHA", sha),
                        "`GIT_DEPTH: 0`"),
                Arguments.of(
                        "GitLab CI merge request",
                        Map.of("GITLAB_CI", "true", "CI_MERGE_REQUEST_IID", "5", "CI_MERGE_REQUEST_DIFF_BASE_SHA", sha),
                        "`GIT_DEPTH: 0`"),
                Arguments.of(
                        "Jenkins",
                        Map.of(
                                "JENKINS_URL",
                                "https://jenkins.example.com/",
                                "BRANCH_NAME",
                                "main",
                                "GIT_PREVIOUS_SUCCESSFUL_COMMIT",
                                sha),
                        "disable shallow clone in the checkout's clone options"),
                Arguments.of("local", Map.of(), "git fetch --unshallow"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciSystems")
    void aDepthOneCloneBuildsEverythingAndNamesTheFix(String name, Map<String, String> template, String hint)
            throws Exception {
        Path event = dir.resolve("event.json");
        Files.writeString(event, "{\"before\":\"" + before.name() + "\"}");
        Map<String, String> env = new java.util.HashMap<>();
        template.forEach(
                (k, v) -> env.put(k, v.replace("%BEFORE%", before.name()).replace("%EVENT%", event.toString())));
        List<String> warnings = new ArrayList<>();

        try (SampleMonorepo agent = clone(1, "main")) {
            assertThat(agent.root.resolve(".git/shallow")).exists();

            ChangeSet changes = new ChangeDetector(collecting(warnings)).detect(agent.root, agent.ci(env), env, null);

            assertThat(changes.everything()).isTrue();
            assertThat(changes.shallow()).isTrue();
            assertThat(changes.head()).isEqualTo(origin.head());
            assertThat(changes.everythingReason()).startsWith("shallow clone: ").contains(hint);
            assertThat(warnings)
                    .singleElement()
                    .asString()
                    .startsWith("*** SHALLOW CLONE: building every module.")
                    .contains(hint);
            assertThat(ChangeDetector.affected(changes, agent.modules(), agent.root))
                    .allSatisfy(a -> {
                        assertThat(a.affected()).isTrue();
                        assertThat(a.reason())
                                .startsWith("everything: shallow clone: ")
                                .contains(hint);
                    });
        }
    }

    @Test
    void aCloneDeepEnoughToHoldTheBaseIsComparedNormally() throws Exception {
        try (SampleMonorepo agent = clone(2, "main")) {
            assertThat(agent.root.resolve(".git/shallow")).exists();

            ChangeSet changes = new ChangeDetector().detect(agent.root, agent.ci(Map.of()), Map.of(), null);

            assertThat(changes.everything()).isFalse();
            assertThat(changes.files()).containsExactly("src/shipping/delivery/src/main/java/Delivery.java");
            assertThat(affectedIds(ChangeDetector.affected(changes, agent.modules(), agent.root)))
                    .containsExactly(DELIVERY);
        }
    }

    @Test
    void aConfiguredBaseBeyondTheBoundaryIsReportedAsShallow() throws Exception {
        try (SampleMonorepo agent = clone(1, "main")) {
            ChangeSet changes = new ChangeDetector().detect(agent.root, agent.ci(Map.of()), Map.of(), before.name());

            assertThat(changes.shallow()).isTrue();
            assertThat(changes.everythingReason()).contains("the configured base " + before.name());
        }
    }

    @Test
    void theGitCommandLinesShallowCloneIsRecognisedToo() throws Exception {
        Path clone = dir.resolve("cli");
        Process git = new ProcessBuilder(
                        "git",
                        "clone",
                        "--quiet",
                        "--depth",
                        "1",
                        dir.resolve("origin").toUri().toString(),
                        clone.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(git.getInputStream().readAllBytes());
        assertThat(git.waitFor()).as(output).isZero();

        ChangeSet changes = new ChangeDetector().detect(clone, null, Map.of(), null);

        assertThat(changes.shallow()).isTrue();
        assertThat(changes.everythingReason()).contains("the previous commit (HEAD^1)");
    }

    static BuildLog collecting(List<String> warnings) {
        return new BuildLog() {
            @Override
            public void info(String message) {}

            @Override
            public void warn(String message) {
                synchronized (warnings) {
                    warnings.add(message);
                }
            }

            @Override
            public void error(String message) {}

            @Override
            public void debug(String message) {}
        };
    }
}
