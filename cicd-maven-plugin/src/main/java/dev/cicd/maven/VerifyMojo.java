package dev.cicd.maven;

import dev.cicd.release.VerifyStep;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Fails the build on what earlier goals found, as Failsafe's {@code verify} does: failing tests, tests
 * that could not run, chart policy violations and known vulnerabilities at or above the scan threshold
 * that no waiver accepts. Every gate reports at once, so one build shows everything to fix. Runs after
 * {@code post-integration-test}, so clean-up always happens first.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyMojo extends AbstractPipelineMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.verify.skip", defaultValue = "false")
    private boolean skip;

    /** Reports failing tests without failing the build. */
    @Parameter(property = "cicd.testFailureIgnore", defaultValue = "false")
    private boolean testFailureIgnore;

    /** Fails when the test container succeeded but wrote no results (often a wrong results path). */
    @Parameter(property = "cicd.failIfNoTests", defaultValue = "true")
    private boolean failIfNoTests;

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.verify.skip=true" : null;
    }

    @Override
    protected void run() throws MojoFailureException {
        String skipped = pipelineContext().skipReason();
        if (skipped != null) {
            // Results left in target/ by an earlier build are not this build's to judge.
            getLog().info("nothing to verify: " + skipped);
            return;
        }
        List<String> failures = new VerifyStep(records(), buildLog())
                .failures(new VerifyStep.Settings(testFailureIgnore, failIfNoTests));
        if (!failures.isEmpty()) {
            throw new MojoFailureException(String.join(System.lineSeparator() + System.lineSeparator(), failures));
        }
    }
}
