package dev.cicd.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cicd.common.CicdException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

/** How a goal ends: skipped with the setting that skipped it, or failed with a sentence, never a bare exception. */
class GoalRunTest {

    /** A goal whose work is given by the test; it reports one step first, as goals do. */
    static final class ExplodingMojo extends AbstractPipelineMojo {
        private final RuntimeException failure;
        private final List<String> lines = new ArrayList<>();
        boolean ran;

        ExplodingMojo(RuntimeException failure) {
            this.failure = failure;
            setLog(new SystemStreamLog() {
                @Override
                public void info(CharSequence content) {
                    lines.add(content.toString());
                }
            });
        }

        @Override
        protected void run() {
            ran = true;
            buildLog().info("deploying delivery v1.0.2 to qa");
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        protected String goalSkipReason() {
            return null;
        }
    }

    @Test
    void anUnexpectedExceptionEndsInASentenceWithTheGoalTheLastStepAndTheHint() {
        ExplodingMojo goal = new ExplodingMojo(new NoSuchElementException("No value present"));

        assertThatThrownBy(goal::execute)
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith(
                        "cicd:exploding stopped on an unexpected error after \"deploying delivery v1.0.2"
                                + " to qa\": NoSuchElementException (No value present).")
                .hasMessageContaining("run the build again with -e for the stack trace")
                .hasCauseInstanceOf(NoSuchElementException.class);
    }

    @Test
    void projectProblemsFailTheBuildAndEnvironmentProblemsStopIt() {
        assertThatThrownBy(new ExplodingMojo(CicdException.project("fix the chart"))::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("fix the chart");
        assertThatThrownBy(new ExplodingMojo(CicdException.environment("start the engine"))::execute)
                .isInstanceOf(MojoExecutionException.class)
                .hasMessage("start the engine");
    }

    @Test
    void aFileThatCannotBeWrittenSaysWhichAndWhy() {
        ExplodingMojo goal = new ExplodingMojo(new UncheckedIOException(
                "could not write target/cicd/push.json", new IOException("No space left on device")));

        assertThatThrownBy(goal::execute)
                .isInstanceOf(MojoExecutionException.class)
                .hasMessage(
                        "could not write target/cicd/push.json: No space left on device (check the disk and the file's"
                                + " permissions)");
    }

    @Test
    void skippingSaysWhichSettingSkippedAndDoesNoWork() throws Exception {
        ExplodingMojo goal = new ExplodingMojo(null);
        goal.skipAll = true;

        goal.execute();

        assertThat(goal.ran).isFalse();
        assertThat(goal.lines).containsExactly("skipped (cicd.skip=true)");
    }
}
