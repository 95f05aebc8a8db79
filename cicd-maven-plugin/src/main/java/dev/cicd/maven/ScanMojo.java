package dev.cicd.maven;

import dev.cicd.context.PipelineContext;
import dev.cicd.context.Step;
import dev.cicd.docker.DockerEngine;
import dev.cicd.release.ScanStep;
import java.io.File;
import java.time.Clock;
import java.util.Map;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Scans the runtime image for known vulnerabilities, offline: the packages are read from the image
 * itself (Debian/Ubuntu and Alpine packages, Java archives, npm and Python packages), matched against
 * OSV advisories on disk ({@code cicd:advisories} fetches them), and every finding is reported:
 * a table in the log, SARIF, JUnit XML, CycloneDX (SBOM and vulnerabilities) and JSON under
 * {@code target/cicd/scan/}. Findings at or above the stage's threshold, not waived in
 * {@code scan-waivers.yaml}, fail the build in {@code cicd:verify}.
 *
 * <p>Default thresholds: {@code CRITICAL} for pull requests and the trunk, {@code HIGH} for
 * releases. A pull request should not turn red because a HIGH advisory was published overnight
 * for a package it did not touch; a release must not ship one.
 */
@Mojo(name = "scan", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ScanMojo extends AbstractAdvisoryMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.scan.skip", defaultValue = "false")
    private boolean skip;

    /** The gate for every stage: CRITICAL, HIGH, MEDIUM, LOW, or none (report only); overrides the per-stage defaults. */
    @Parameter(property = "cicd.scanThreshold")
    private String scanThreshold;

    /** Gates per stage, e.g. {@code <scanThresholds><pr>HIGH</pr></scanThresholds>}. */
    @Parameter
    private Map<String, String> scanThresholds;

    /** Accepted vulnerabilities, each with a reason and an expiry date. */
    @Parameter(property = "cicd.scanWaivers", defaultValue = "${project.basedir}/scan-waivers.yaml")
    private File scanWaivers;

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.scan.skip=true" : null;
    }

    @Override
    protected void run() {
        PipelineContext context = pipelineContext();
        if (!context.runs(Step.SCAN)) {
            getLog().info("image not scanned: " + context.whyNot(Step.SCAN).orElseThrow());
            return;
        }
        try (DockerEngine engine = DockerEngine.connect()) {
            new ScanStep(records(), Clock.systemUTC(), buildLog())
                    .run(
                            new ScanStep.Request(
                                    context, advisories, scanThreshold, scanThresholds, scanWaivers.toPath()),
                            engine);
        }
    }
}
