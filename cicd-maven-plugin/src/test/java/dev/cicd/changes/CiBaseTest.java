package dev.cicd.changes;

import static dev.cicd.changes.SampleMonorepo.DELIVERY;
import static dev.cicd.changes.SampleMonorepo.INVOICES;
import static dev.cicd.changes.SampleMonorepo.PRODUCTS;
import static dev.cicd.changes.SampleMonorepo.TRACKING;
import static dev.cicd.changes.SampleMonorepo.affectedIds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cicd.context.CiInfo;
import dev.cicd.context.CiSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The base each CI system's variables lead to, on real repositories. */
class CiBaseTest {

    static final String DELIVERY_JAVA = "src/shipping/delivery/src/main/java/Delivery.java";
    static final String TRACKING_JAVA = "src/shipping/tracking/src/main/java/Tracking.java";
    static final String INVOICES_JAVA = "src/billing/invoices/src/main/java/Invoices.java";
    static final String PRODUCTS_JAVA = "src/catalog/products/src/main/java/Products.java";

    @TempDir
    Path dir;

    SampleMonorepo origin;

    /** The fork point of feature/delivery from main. */
    RevCommit forkPoint;

    @BeforeEach
    void setUp() throws Exception {
        origin = SampleMonorepo.create(dir.resolve("origin"));
        forkPoint = origin.change("common ground", PRODUCTS_JAVA);
        origin.createBranch("feature/delivery");
        origin.checkout("feature/delivery");
        origin.change("retry deliveries", DELIVERY_JAVA);
        origin.change("retry tracking too", TRACKING_JAVA);
        origin.checkout("main");
        // Main moves on after the fork: a pull request must not claim these changes.
        origin.change("invoice numbering", INVOICES_JAVA);
    }

    @AfterEach
    void tearDown() {
        origin.close();
    }

    /** A clone as a CI agent has it: the remote's branches under refs/remotes/origin. */
    private SampleMonorepo agentClone() throws Exception {
        Path clone = dir.resolve("agent");
        Git.cloneRepository()
                .setURI(dir.resolve("origin").toUri().toString())
                .setDirectory(clone.toFile())
                .call()
                .close();
        return SampleMonorepo.open(clone);
    }

    private static ChangeSet detect(SampleMonorepo checkout, Map<String, String> env) {
        return new ChangeDetector().detect(checkout.root, checkout.ci(env), env, null);
    }

    @Test
    void azurePullRequestComparesWithTheMergeBaseOfTheTargetBranch() throws Exception {
        try (SampleMonorepo agent = agentClone()) {
            agent.checkoutMergeOf("refs/remotes/origin/feature/delivery", "refs/remotes/origin/main");
            Map<String, String> env = Map.of(
                    "TF_BUILD", "True",
                    "BUILD_SOURCEBRANCH", "refs/pull/42/merge",
                    "SYSTEM_PULLREQUEST_PULLREQUESTID", "42",
                    "SYSTEM_PULLREQUEST_SOURCEBRANCH", "refs/heads/feature/delivery",
                    "SYSTEM_PULLREQUEST_TARGETBRANCH", "refs/heads/main");

            ChangeSet changes = detect(agent, env);

            assertThat(changes.files()).containsExactly(DELIVERY_JAVA, TRACKING_JAVA);
            assertThat(changes.base())
                    .isEqualTo(origin.git.getRepository().resolve("main").name());
            assertThat(changes.baseReason())
                    .isEqualTo("merge-base of HEAD and refs/remotes/origin/main (pull request 42)");
            assertThat(affectedIds(ChangeDetector.affected(changes, agent.modules(), agent.root)))
                    .containsExactly(DELIVERY, TRACKING);
        }
    }

    @Test
    void azurePullRequestOnTheSourceBranchItselfUsesTheForkPoint() throws Exception {
        try (SampleMonorepo agent = agentClone()) {
            agent.git
                    .checkout()
                    .setCreateBranch(true)
                    .setName("feature/delivery")
                    .setStartPoint("refs/remotes/origin/feature/delivery")
                    .call();
            CiInfo ci = new CiInfo(CiSystem.AZURE_PIPELINES, "feature/delivery", "42", null, null);
            Map<String, String> env = Map.of("SYSTEM_PULLREQUEST_TARGETBRANCH", "refs/heads/main");

            ChangeSet changes = new ChangeDetector().detect(agent.root, ci, env, null);

            assertThat(changes.base()).isEqualTo(forkPoint.name());
            assertThat(changes.files()).containsExactly(DELIVERY_JAVA, TRACKING_JAVA);
        }
    }

    @Test
    void githubPushComparesWithTheEventsBeforeCommit() throws Exception {
        RevCommit before = origin.git.log().setMaxCount(1).call().iterator().next();
        origin.change("one", DELIVERY_JAVA);
        origin.change("two", TRACKING_JAVA);
        Path event = dir.resolve("event.json");
        Files.writeString(
                event,
                "{\"ref\":\"refs/heads/main\",\"before\":\"" + before.name() + "\",\"after\":\"" + origin.head()
                        + "\",\"commits\":[]}");
        Map<String, String> env = Map.of(
                "GITHUB_ACTIONS", "true",
                "GITHUB_EVENT_NAME", "push",
                "GITHUB_REF", "refs/heads/main",
                "GITHUB_SHA", origin.head(),
                "GITHUB_EVENT_PATH", event.toString());

        ChangeSet changes = detect(origin, env);

        assertThat(changes.base()).isEqualTo(before.name());
        assertThat(changes.baseReason()).startsWith("the push event's 'before' commit");
        assertThat(changes.files())
                .as("both pushed commits, not just the last")
                .containsExactly(DELIVERY_JAVA, TRACKING_JAVA);
    }

    @Test
    void githubPushOfANewBranchHasAZeroBeforeAndFallsBackToThePreviousCommit() throws Exception {
        origin.change("one", DELIVERY_JAVA);
        origin.change("two", TRACKING_JAVA);
        Path event = dir.resolve("event.json");
        Files.writeString(event, "{\"before\":\"0000000000000000000000000000000000000000\",\"created\":true}");
        Map<String, String> env = Map.of(
                "GITHUB_ACTIONS",
                "true",
                "GITHUB_EVENT_NAME",
                "push",
                "GITHUB_REF",
                "refs/heads/main",
                "GITHUB_EVENT_PATH",
                event.toString());

        ChangeSet changes = detect(origin, env);

        assertThat(changes.baseReason()).isEqualTo("previous commit (HEAD^1)");
        assertThat(changes.files()).containsExactly(TRACKING_JAVA);
    }

    @Test
    void githubPullRequestUsesGithubBaseRef() throws Exception {
        try (SampleMonorepo agent = agentClone()) {
            agent.checkoutMergeOf("refs/remotes/origin/feature/delivery", "refs/remotes/origin/main");
            Map<String, String> env = Map.of(
                    "GITHUB_ACTIONS", "true",
                    "GITHUB_EVENT_NAME", "pull_request",
                    "GITHUB_REF", "refs/pull/7/merge",
                    "GITHUB_HEAD_REF", "feature/delivery",
                    "GITHUB_BASE_REF", "main",
                    "GITHUB_SHA", agent.head());

            ChangeSet changes = detect(agent, env);

            assertThat(changes.baseReason())
                    .isEqualTo("merge-base of HEAD and refs/remotes/origin/main (pull request 7)");
            assertThat(changes.files()).containsExactly(DELIVERY_JAVA, TRACKING_JAVA);
        }
    }

    @Test
    void gitlabPushUsesCommitBeforeSha() throws Exception {
        RevCommit before = origin.git.log().setMaxCount(1).call().iterator().next();
        origin.change("one", DELIVERY_JAVA);
        origin.change("two", TRACKING_JAVA);
        Map<String, String> env = Map.of(
                "GITLAB_CI",
                "true",
                "CI_COMMIT_REF_NAME",
                "main",
                "CI_COMMIT_SHA",
                origin.head(),
                "CI_COMMIT_BEFORE_SHA",
                before.name());

        ChangeSet changes = detect(origin, env);

        assertThat(changes.base()).isEqualTo(before.name());
        assertThat(changes.baseReason()).isEqualTo("CI_COMMIT_BEFORE_SHA " + before.name());
        assertThat(changes.files()).containsExactly(DELIVERY_JAVA, TRACKING_JAVA);
    }

    @Test
    void gitlabZeroBeforeShaFallsBackToThePreviousCommit() throws Exception {
        origin.change("one", DELIVERY_JAVA);
        Map<String, String> env = Map.of(
                "GITLAB_CI",
                "true",
                "CI_COMMIT_REF_NAME",
                "main",
                "CI_COMMIT_BEFORE_SHA",
                "0000000000000000000000000000000000000000");

        ChangeSet changes = detect(origin, env);

        assertThat(changes.baseReason()).isEqualTo("previous commit (HEAD^1)");
        assertThat(changes.files()).containsExactly(DELIVERY_JAVA);
    }

    @Test
    void gitlabMergeRequestUsesTheDiffBaseShaDirectly() throws Exception {
        origin.checkout("feature/delivery");
        // No target branch in this checkout: the diff base alone must do.
        Map<String, String> env = Map.of(
                "GITLAB_CI", "true",
                "CI_MERGE_REQUEST_IID", "5",
                "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature/delivery",
                "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "not-fetched",
                "CI_MERGE_REQUEST_DIFF_BASE_SHA", forkPoint.name());

        ChangeSet changes = detect(origin, env);

        assertThat(changes.base()).isEqualTo(forkPoint.name());
        assertThat(changes.baseReason()).isEqualTo("CI_MERGE_REQUEST_DIFF_BASE_SHA (pull request 5)");
        assertThat(changes.files()).containsExactly(DELIVERY_JAVA, TRACKING_JAVA);
    }

    @Test
    void gitlabMergeRequestWithoutDiffBaseUsesTheTargetBranch() throws Exception {
        origin.checkout("feature/delivery");
        Map<String, String> env = Map.of(
                "GITLAB_CI", "true",
                "CI_MERGE_REQUEST_IID", "5",
                "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature/delivery",
                "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main");

        ChangeSet changes = detect(origin, env);

        assertThat(changes.baseReason()).isEqualTo("merge-base of HEAD and refs/heads/main (pull request 5)");
        assertThat(changes.base()).isEqualTo(forkPoint.name());
    }

    @Test
    void jenkinsBranchBuildUsesThePreviousSuccessfulCommit() throws Exception {
        RevCommit lastGreen = origin.git.log().setMaxCount(1).call().iterator().next();
        RevCommit failed = origin.change("broke it", DELIVERY_JAVA);
        origin.change("fixed it", TRACKING_JAVA);
        Map<String, String> env = Map.of(
                "JENKINS_URL", "https://jenkins.example.com/",
                "BRANCH_NAME", "main",
                "GIT_COMMIT", origin.head(),
                "GIT_PREVIOUS_COMMIT", failed.name(),
                "GIT_PREVIOUS_SUCCESSFUL_COMMIT", lastGreen.name());

        ChangeSet changes = detect(origin, env);

        assertThat(changes.baseReason()).isEqualTo("GIT_PREVIOUS_SUCCESSFUL_COMMIT " + lastGreen.name());
        assertThat(changes.files())
                .as("the failed build's change was never delivered")
                .containsExactly(DELIVERY_JAVA, TRACKING_JAVA);
    }

    @Test
    void jenkinsFallsBackToThePreviousCommitVariable() throws Exception {
        RevCommit previous = origin.git.log().setMaxCount(1).call().iterator().next();
        origin.change("one", DELIVERY_JAVA);
        Map<String, String> env = new HashMap<>(Map.of(
                "JENKINS_URL",
                "https://jenkins.example.com/",
                "BRANCH_NAME",
                "main",
                "GIT_PREVIOUS_COMMIT",
                previous.name()));

        ChangeSet changes = detect(origin, env);

        assertThat(changes.baseReason()).isEqualTo("GIT_PREVIOUS_COMMIT " + previous.name());
        assertThat(changes.files()).containsExactly(DELIVERY_JAVA);
    }

    @Test
    void aRerunOfTheSameCommitRebuildsItsChanges() throws Exception {
        origin.change("one", DELIVERY_JAVA);
        Map<String, String> env = Map.of(
                "JENKINS_URL",
                "https://jenkins.example.com/",
                "BRANCH_NAME",
                "main",
                "GIT_PREVIOUS_SUCCESSFUL_COMMIT",
                origin.head());

        ChangeSet changes = detect(origin, env);

        assertThat(changes.baseReason())
                .isEqualTo("previous commit (HEAD^1); GIT_PREVIOUS_SUCCESSFUL_COMMIT is HEAD itself (a re-run)");
        assertThat(changes.files()).containsExactly(DELIVERY_JAVA);
    }

    @Test
    void jenkinsPullRequestUsesChangeTarget() throws Exception {
        origin.checkout("feature/delivery");
        Map<String, String> env = Map.of(
                "JENKINS_URL", "https://jenkins.example.com/",
                "BRANCH_NAME", "PR-9",
                "CHANGE_ID", "9",
                "CHANGE_BRANCH", "feature/delivery",
                "CHANGE_TARGET", "main");

        ChangeSet changes = detect(origin, env);

        assertThat(changes.baseReason()).isEqualTo("merge-base of HEAD and refs/heads/main (pull request 9)");
        assertThat(changes.base()).isEqualTo(forkPoint.name());
        assertThat(changes.files()).containsExactly(DELIVERY_JAVA, TRACKING_JAVA);
    }

    @Test
    void theCachedChangeSetFollowsTheTargetBranchForTheSameHead() throws Exception {
        origin.checkout("feature/delivery");
        Map<String, String> env = Map.of(
                "JENKINS_URL",
                "https://jenkins.example.com/",
                "CHANGE_ID",
                "9",
                "CHANGE_BRANCH",
                "feature/delivery",
                "CHANGE_TARGET",
                "main");
        ChangeDetector detector = new ChangeDetector();
        assertThat(detector.detect(origin.root, origin.ci(env), env, null).files())
                .containsExactly(DELIVERY_JAVA, TRACKING_JAVA);

        // The first half of the pull request lands on main, as a fetch would show.
        RevCommit firstHalf = origin.git
                .getRepository()
                .parseCommit(origin.git.getRepository().resolve("HEAD~1"));
        RefUpdate main = origin.git.getRepository().updateRef("refs/heads/main");
        main.setNewObjectId(firstHalf);
        main.setForceUpdate(true);
        assertThat(main.update()).isEqualTo(RefUpdate.Result.FORCED);

        assertThat(detector.detect(origin.root, origin.ci(env), env, null).files())
                .containsExactly(TRACKING_JAVA);
    }

    @Test
    void aPullRequestWhoseTargetWasNotFetchedBuildsEverythingAndSaysHowToFetchIt() throws Exception {
        origin.checkout("feature/delivery");
        Map<String, String> env = Map.of(
                "JENKINS_URL",
                "https://jenkins.example.com/",
                "CHANGE_ID",
                "9",
                "CHANGE_BRANCH",
                "feature/delivery",
                "CHANGE_TARGET",
                "release/2.x");

        ChangeSet changes = detect(origin, env);

        assertThat(changes.everything()).isTrue();
        assertThat(changes.shallow()).isFalse();
        assertThat(changes.everythingReason())
                .contains("target branch release/2.x is not in the repository")
                .contains("+refs/heads/release/2.x:refs/remotes/origin/release/2.x");
    }

    @Test
    void azureBranchBuildHasNoPreviousCommitVariable() throws Exception {
        origin.change("one", INVOICES_JAVA);
        Map<String, String> env = Map.of("TF_BUILD", "True", "BUILD_SOURCEBRANCH", "refs/heads/main");

        ChangeSet changes = detect(origin, env);

        assertThat(changes.baseReason()).isEqualTo("previous commit (HEAD^1)");
        assertThat(affectedIds(ChangeDetector.affected(changes, origin.modules(), origin.root)))
                .containsExactly(INVOICES);
    }

    @Test
    void aForcePushedBeforeCommitThatIsGoneBuildsEverything() throws Exception {
        Map<String, String> env = Map.of(
                "GITLAB_CI",
                "true",
                "CI_COMMIT_REF_NAME",
                "main",
                "CI_COMMIT_BEFORE_SHA",
                "1234567890abcdef1234567890abcdef12345678");

        ChangeSet changes = detect(origin, env);

        assertThat(changes.everything()).isTrue();
        assertThat(changes.everythingReason()).contains("force-pushed");
        assertThat(affectedIds(ChangeDetector.affected(changes, origin.modules(), origin.root)))
                .contains(PRODUCTS, INVOICES, DELIVERY);
    }
}
