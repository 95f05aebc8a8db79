package dev.cicd.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;

class ChangeCauseTest {

    private static PipelineContext context(String branch) {
        return new ContextResolver(Clock.systemUTC())
                .resolve(
                        new CiInfo(CiSystem.GITHUB_ACTIONS, branch, null, null, "abc1234def5678"),
                        ContextResolver.Settings.of("delivery"));
    }

    @Test
    void releaseBuildsSayWhichVersionFromWhichBranchAndCommit() {
        assertThat(context("release/delivery/v1.0.2").changeCause(null))
                .isEqualTo("Release v1.0.2 of delivery from release/delivery/v1.0.2@abc1234");
    }

    @Test
    void otherBuildsSayBuild() {
        assertThat(context("main").changeCause(" "))
                .isEqualTo("Build v0.0.0-main.abc1234 of delivery from main@abc1234");
    }

    @Test
    void aGivenReasonWins() {
        assertThat(context("main").changeCause(" Hotfix for INC-42 ")).isEqualTo("Hotfix for INC-42");
    }
}
