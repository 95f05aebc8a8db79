package dev.cicd.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cicd.context.CiInfo;
import dev.cicd.context.CiSystem;
import dev.cicd.context.ContextResolver;
import dev.cicd.context.PipelineContext;
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
        assertThat(ChangeCause.of(context("release/delivery/v1.0.2"), null))
                .isEqualTo("Release v1.0.2 of delivery from release/delivery/v1.0.2@abc1234");
    }

    @Test
    void otherBuildsSayBuild() {
        assertThat(ChangeCause.of(context("main"), " "))
                .isEqualTo("Build v0.0.0-main.abc1234 of delivery from main@abc1234");
    }

    @Test
    void aGivenReasonWins() {
        assertThat(ChangeCause.of(context("main"), " Hotfix for INC-42 ")).isEqualTo("Hotfix for INC-42");
    }
}
