package dev.cicd.maven;

import org.apache.maven.plugins.annotations.Parameter;

/**
 * A goal that works with the Dockerfile's test stage: {@code cicd:build} builds its image,
 * {@code cicd:test} runs it. Skipping the tests skips both, so a Dockerfile without a test stage
 * builds with {@code -Dcicd.test.skip}.
 */
abstract class AbstractTestStageMojo extends AbstractPipelineMojo {

    /** The Dockerfile stage whose image runs the tests (its ENTRYPOINT). */
    @Parameter(property = "cicd.testTarget", defaultValue = "testrunner")
    protected String testTarget;

    /** Skips the container tests: cicd:test does not run, cicd:build does not build the test image. */
    @Parameter(property = "cicd.test.skip", defaultValue = "false")
    protected boolean testSkip;

    /** Maven's usual switch; skips the container tests too. */
    @Parameter(property = "skipTests", defaultValue = "false")
    protected boolean skipTests;

    /** The setting that skips the tests, e.g. {@code cicd.test.skip=true}; null when they run. */
    protected String testSkipReason() {
        if (testSkip) {
            return "cicd.test.skip=true";
        }
        return skipTests ? "skipTests=true" : null;
    }
}
