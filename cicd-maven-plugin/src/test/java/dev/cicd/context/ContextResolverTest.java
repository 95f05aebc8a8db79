package dev.cicd.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cicd.common.CicdException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContextResolverTest {

    private static final String SHA = "abc1234def5678abc1234def5678abc1234def56";
    private final ContextResolver resolver =
            new ContextResolver(Clock.fixed(Instant.parse("2026-11-26T10:15:30Z"), ZoneOffset.UTC));

    private static CiInfo branch(String branch) {
        return new CiInfo(CiSystem.GITHUB_ACTIONS, branch, null, null, SHA);
    }

    private PipelineContext resolve(CiInfo ci, ContextResolver.Settings settings) {
        return resolver.resolve(ci, settings);
    }

    @Test
    void releaseBranchOfThisServiceGivesTheVersionFromTheBranch() {
        PipelineContext context = resolve(
                branch("release/delivery/v1.0.2"),
                ContextResolver.Settings.of("delivery").withRegistry("myrepo.azurecr.io", null));

        assertThat(context.stage().id()).isEqualTo("release");
        assertThat(context.version().toString()).isEqualTo("1.0.2");
        assertThat(context.imageTag()).isEqualTo("v1.0.2");
        assertThat(context.chartVersion()).isEqualTo("1.0.2");
        assertThat(context.image()).isEqualTo("myrepo.azurecr.io/delivery:v1.0.2");
        assertThat(context.stepIds()).containsExactly("test", "image", "scan", "chart", "push", "deploy");
        assertThat(context.skipReason()).isNull();
    }

    @Test
    void versionsHelmCannotTakeAreRefusedAndSmallerOnesPass() {
        assertThatThrownBy(() -> resolve(
                        branch("main"),
                        ContextResolver.Settings.of("delivery").withVersion("v18446744073709551616.0.0")))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("has a number above 18446744073709551615")
                .hasMessageContaining("v1.0.2");
        assertThat(resolve(
                                branch("main"),
                                ContextResolver.Settings.of("delivery").withVersion("v1.0.2"))
                        .chartVersion())
                .isEqualTo("1.0.2");
    }

    @Test
    void theVInTheBranchIsOptional() {
        PipelineContext context =
                resolve(branch("release/delivery/2.1.0-rc.1"), ContextResolver.Settings.of("delivery"));

        assertThat(context.version().toString()).isEqualTo("2.1.0-rc.1");
        assertThat(context.imageTag()).isEqualTo("v2.1.0-rc.1");
    }

    @Test
    void releaseBranchOfAnotherServiceSkipsEveryStepSayingWhy() {
        PipelineContext context = resolve(branch("release/payments/v3.0.0"), ContextResolver.Settings.of("delivery"));

        assertThat(context.stage().id()).isEqualTo("release");
        assertThat(context.version().toString()).startsWith("0.0.0-release-payments-v3-0-0.");
        assertThat(context.runs(Step.IMAGE)).isFalse();
        assertThat(context.whyNot(Step.PUSH))
                .hasValue("branch release/payments/v3.0.0 releases service 'payments', not 'delivery'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "release/delivery/1.x",
                "release/delivery/v1.0",
                "release/delivery/v01.0.0",
                "release/delivery/latest"
            })
    void malformedReleaseVersionFailsShowingTheExpectedForm(String branch) {
        assertThatThrownBy(() -> resolve(branch(branch), ContextResolver.Settings.of("delivery")))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("'" + branch + "' is not a valid release branch")
                .hasMessageContaining("release/<service>/v<semver>, e.g. release/delivery/v1.0.2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"release/delivery", "release/shipping/delivery/v1.0.0", "release/"})
    void malformedReleaseShapeFails(String branch) {
        assertThatThrownBy(() -> resolve(branch(branch), ContextResolver.Settings.of("delivery")))
                .hasMessageContaining("expected release/<service>/v<semver>");
    }

    @Test
    void malformedVersionOfAnotherServiceDoesNotConcernThisOne() {
        PipelineContext context = resolve(branch("release/payments/1.x"), ContextResolver.Settings.of("delivery"));

        assertThat(context.skipReason()).contains("releases service 'payments'");
    }

    @ParameterizedTest
    @CsvSource({
        "feature/delivery/retry, feature, 0.0.0-feature-delivery-retry.abc1234",
        "topic/delivery/Speed_Up, feature, 0.0.0-topic-delivery-speed-up.abc1234",
        "main, main, 0.0.0-main.abc1234",
        "master, main, 0.0.0-master.abc1234",
        "bugfix/JIRA-12, feature, 0.0.0-bugfix-jira-12.abc1234"
    })
    void otherBranchesGetAUniqueTraceableVersion(String branch, String stage, String version) {
        PipelineContext context = resolve(branch(branch), ContextResolver.Settings.of("delivery"));

        assertThat(context.stage().id()).isEqualTo(stage);
        assertThat(context.version().toString()).isEqualTo(version);
        assertThat(context.imageTag()).isEqualTo("v" + version).isNotEqualTo("latest");
    }

    @Test
    void pullRequestIsStagePrWhateverTheBranch() {
        PipelineContext context = resolve(
                new CiInfo(CiSystem.AZURE_PIPELINES, "release/delivery/v1.0.2", "42", "main", SHA),
                ContextResolver.Settings.of("delivery"));

        assertThat(context.stage().id()).isEqualTo("pr");
        assertThat(context.version().toString()).isEqualTo("0.0.0-pr-42.abc1234");
        assertThat(context.stepIds()).containsExactly("test", "image", "scan", "chart");
        assertThat(context.stageReason()).isEqualTo("pull request #42 into main");
    }

    @Test
    void featureStageRunsTestsOnly() {
        PipelineContext context = resolve(branch("feature/x"), ContextResolver.Settings.of("delivery"));

        assertThat(context.runs(Step.TEST)).isTrue();
        assertThat(context.runs(Step.IMAGE)).isFalse();
        assertThat(context.whyNot(Step.IMAGE).orElseThrow()).contains("stage 'feature' does not run step 'image'");
    }

    @Test
    void stagesAreConfigurable() {
        ContextResolver.Settings settings = new ContextResolver.Settings(
                "delivery",
                "",
                null,
                null,
                null,
                List.of("trunk"),
                StagePolicy.withOverrides(Map.of("feature", "test,image")),
                null);

        assertThat(resolve(branch("feature/x"), settings).stepIds()).containsExactly("test", "image");
        assertThat(resolve(branch("trunk"), settings).stage().id()).isEqualTo("main");
        assertThat(resolve(branch("main"), settings).stage().id()).isEqualTo("feature");
    }

    @Test
    void unknownStageOrStepInConfigurationIsReported() {
        assertThatThrownBy(() -> StagePolicy.withOverrides(Map.of("qa", "test")))
                .hasMessageContaining("unknown stage 'qa'");
        assertThatThrownBy(() -> StagePolicy.withOverrides(Map.of("feature", "test,lint")))
                .hasMessageContaining("unknown step 'lint'");
    }

    @Test
    void commandLineOverridesBranchVersionAndSteps() {
        ContextResolver.Settings settings = ContextResolver.Settings.of("delivery")
                .withBranch("release/delivery/v1.0.2")
                .withVersion("v1.0.3")
                .withSteps("test");

        PipelineContext context = resolve(branch("feature/x"), settings);

        assertThat(context.branch()).isEqualTo("release/delivery/v1.0.2");
        assertThat(context.stage().id()).isEqualTo("release");
        assertThat(context.version().toString()).isEqualTo("1.0.3");
        assertThat(context.stepIds()).containsExactly("test");
    }

    @Test
    void versionOverrideMustBeSemVer() {
        assertThatThrownBy(() -> resolve(
                        branch("main"), ContextResolver.Settings.of("delivery").withVersion("1.x")))
                .hasMessageContaining("-Dcicd.version=1.x is not a SemVer 2.0 version");
        assertThatThrownBy(() -> resolve(
                        branch("main"), ContextResolver.Settings.of("delivery").withVersion("latest")))
                .hasMessageContaining("image tag 'latest' is refused");
    }

    @Test
    void withoutCommitOrBranchTheVersionCarriesATimestamp() {
        PipelineContext context =
                resolve(new CiInfo(CiSystem.LOCAL, null, null, null, null), ContextResolver.Settings.of("delivery"));

        assertThat(context.version().toString()).isEqualTo("0.0.0-local.20261126101530");
        assertThat(context.stageReason()).contains("no branch known");
    }

    @Test
    void shaWithLeadingZeroStaysValidSemVer() {
        PipelineContext context = resolve(
                new CiInfo(CiSystem.LOCAL, "main", null, null, "0123456789"), ContextResolver.Settings.of("delivery"));

        assertThat(context.version().toString()).isEqualTo("0.0.0-main.g0123456");
        assertThat(SemVer.parse(context.version().toString())).isPresent();
    }

    @Test
    void buildMetadataCannotGoIntoADockerTagAsIs() {
        PipelineContext context =
                resolve(branch("release/delivery/v1.0.2+build.7"), ContextResolver.Settings.of("delivery"));

        assertThat(context.chartVersion()).isEqualTo("1.0.2+build.7");
        assertThat(context.imageTag()).isEqualTo("v1.0.2_build.7");
    }

    @Test
    void longBranchNamesAreShortened() {
        PipelineContext context =
                resolve(branch("feature/" + "a".repeat(200)), ContextResolver.Settings.of("delivery"));

        assertThat(context.imageTag().length()).isLessThanOrEqualTo(128);
    }

    @Test
    void repositoryDefaultsToTheServiceName() {
        PipelineContext context = resolve(
                branch("main"),
                ContextResolver.Settings.of("delivery").withRegistry("localhost:5000", "shipping/delivery"));

        assertThat(context.image()).isEqualTo("localhost:5000/shipping/delivery:v0.0.0-main.abc1234");
        assertThat(resolve(branch("main"), ContextResolver.Settings.of("delivery"))
                        .image())
                .isEqualTo("delivery:v0.0.0-main.abc1234");
    }
}
