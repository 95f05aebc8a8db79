package dev.cicd.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CiDetectorTest {

    private static final GitCheckout LOCAL = new GitCheckout(
            Path.of("/repo"),
            "feature/local",
            "0123456789abcdef0123456789abcdef01234567",
            Instant.EPOCH,
            "dev@example.com");

    private static CiInfo detect(Map<String, String> env) {
        return new CiDetector(env, () -> Optional.of(LOCAL)).detect();
    }

    @Test
    void azurePipelinesBranchBuild() {
        CiInfo info = detect(Map.of(
                "TF_BUILD", "True",
                "BUILD_SOURCEBRANCH", "refs/heads/release/delivery/v1.0.2",
                "BUILD_SOURCEVERSION", "abcdef1234567890"));

        assertThat(info.system()).isEqualTo(CiSystem.AZURE_PIPELINES);
        assertThat(info.branch()).isEqualTo("release/delivery/v1.0.2");
        assertThat(info.isPullRequest()).isFalse();
        assertThat(info.revision()).isEqualTo("abcdef1234567890");
    }

    @Test
    void azurePipelinesPullRequestUsesTheSourceBranch() {
        CiInfo info = detect(Map.of(
                "TF_BUILD", "True",
                "BUILD_SOURCEBRANCH", "refs/pull/42/merge",
                "SYSTEM_PULLREQUEST_PULLREQUESTID", "42",
                "SYSTEM_PULLREQUEST_SOURCEBRANCH", "refs/heads/feature/delivery/retry",
                "SYSTEM_PULLREQUEST_TARGETBRANCH", "refs/heads/main"));

        assertThat(info.isPullRequest()).isTrue();
        assertThat(info.pullRequestId()).isEqualTo("42");
        assertThat(info.branch()).isEqualTo("feature/delivery/retry");
        assertThat(info.targetBranch()).isEqualTo("main");
        assertThat(info.revision()).as("falls back to the checkout").isEqualTo(LOCAL.revision());
    }

    @Test
    void azurePullRequestRecognisedFromTheMergeRefAlone() {
        CiInfo info = detect(Map.of("TF_BUILD", "True", "BUILD_SOURCEBRANCH", "refs/pull/7/merge"));

        assertThat(info.pullRequestId()).isEqualTo("7");
    }

    @Test
    void githubPush() {
        CiInfo info = detect(Map.of(
                "GITHUB_ACTIONS", "true",
                "GITHUB_EVENT_NAME", "push",
                "GITHUB_REF", "refs/heads/main",
                "GITHUB_SHA", "feedface"));

        assertThat(info.system()).isEqualTo(CiSystem.GITHUB_ACTIONS);
        assertThat(info.branch()).isEqualTo("main");
        assertThat(info.isPullRequest()).isFalse();
        assertThat(info.revision()).isEqualTo("feedface");
    }

    @Test
    void githubPullRequest() {
        CiInfo info = detect(Map.of(
                "GITHUB_ACTIONS", "true",
                "GITHUB_EVENT_NAME", "pull_request",
                "GITHUB_REF", "refs/pull/314/merge",
                "GITHUB_HEAD_REF", "topic/delivery/faster",
                "GITHUB_BASE_REF", "main"));

        assertThat(info.pullRequestId()).isEqualTo("314");
        assertThat(info.branch()).isEqualTo("topic/delivery/faster");
        assertThat(info.targetBranch()).isEqualTo("main");
    }

    @Test
    void gitlabBranchAndMergeRequest() {
        CiInfo push = detect(Map.of("GITLAB_CI", "true", "CI_COMMIT_REF_NAME", "feature/x", "CI_COMMIT_SHA", "c0ffee"));
        CiInfo mergeRequest = detect(Map.of(
                "GITLAB_CI", "true",
                "CI_COMMIT_REF_NAME", "feature/x",
                "CI_MERGE_REQUEST_IID", "9",
                "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature/x",
                "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "master"));

        assertThat(push.system()).isEqualTo(CiSystem.GITLAB_CI);
        assertThat(push.branch()).isEqualTo("feature/x");
        assertThat(push.isPullRequest()).isFalse();
        assertThat(push.revision()).isEqualTo("c0ffee");
        assertThat(mergeRequest.pullRequestId()).isEqualTo("9");
        assertThat(mergeRequest.targetBranch()).isEqualTo("master");
    }

    @Test
    void jenkinsMultibranchAndChangeRequest() {
        CiInfo branch = detect(Map.of(
                "JENKINS_URL", "http://jenkins/", "BRANCH_NAME", "release/delivery/v2.0.0", "GIT_COMMIT", "abc"));
        CiInfo change = detect(Map.of(
                "JENKINS_URL", "http://jenkins/",
                "BRANCH_NAME", "PR-12",
                "CHANGE_ID", "12",
                "CHANGE_BRANCH", "feature/delivery/x",
                "CHANGE_TARGET", "main"));

        assertThat(branch.system()).isEqualTo(CiSystem.JENKINS);
        assertThat(branch.branch()).isEqualTo("release/delivery/v2.0.0");
        assertThat(change.pullRequestId()).isEqualTo("12");
        assertThat(change.branch()).isEqualTo("feature/delivery/x");
    }

    @Test
    void jenkinsFreestyleStripsTheRemoteName() {
        CiInfo info = detect(Map.of("JENKINS_HOME", "/var/jenkins", "GIT_BRANCH", "origin/main"));

        assertThat(info.branch()).isEqualTo("main");
    }

    @Test
    void outsideCiTheCheckoutAnswers() {
        CiInfo info = detect(Map.of("HOME", "/root"));

        assertThat(info.system()).isEqualTo(CiSystem.LOCAL);
        assertThat(info.branch()).isEqualTo("feature/local");
        assertThat(info.revision()).isEqualTo(LOCAL.revision());
    }

    @Test
    void blankVariablesCountAsUnset() {
        CiInfo info = detect(Map.of("TF_BUILD", " ", "GITHUB_ACTIONS", ""));

        assertThat(info.system()).isEqualTo(CiSystem.LOCAL);
    }
}
