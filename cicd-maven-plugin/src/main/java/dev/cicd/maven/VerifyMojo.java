package dev.cicd.maven;

import dev.cicd.chart.policy.PolicyReport;
import dev.cicd.common.Json;
import dev.cicd.scan.ScanResult;
import dev.cicd.testresults.TestReport;
import dev.cicd.testresults.TestSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        String skip = pipelineContext().skipReason();
        if (skip != null) {
            // Results left in target/ by an earlier build are not this build's to judge.
            getLog().info("nothing to verify: " + skip);
            return;
        }
        List<String> failures = new ArrayList<>();
        testGate().ifPresent(failures::add);
        policyGate().ifPresent(failures::add);
        scanGate().ifPresent(failures::add);
        if (!failures.isEmpty()) {
            throw new MojoFailureException(String.join(System.lineSeparator() + System.lineSeparator(), failures));
        }
    }

    /** The tests' verdict from {@code test-summary.json}; a failure message when they did not pass. */
    private Optional<String> testGate() {
        Path summaryFile = output("test-summary.json");
        if (!Files.isRegularFile(summaryFile)) {
            getLog().info("no test summary at " + summaryFile + ": no container tests ran in this build");
            return Optional.empty();
        }
        TestSummary summary = Json.read(summaryFile, TestSummary.class);
        if (summary.isSuccess()) {
            getLog().info("tests: " + summary.message());
            return Optional.empty();
        }
        if (summary.status() == TestSummary.Status.NO_RESULTS && !failIfNoTests) {
            getLog().warn(summary.message());
            return Optional.empty();
        }
        if (testFailureIgnore) {
            getLog().warn("test failures ignored (cicd.testFailureIgnore=true):");
            TestReport.lines(summary).forEach(getLog()::warn);
            return Optional.empty();
        }
        return Optional.of(headline(summary) + System.lineSeparator()
                + String.join(System.lineSeparator(), TestReport.lines(summary))
                + System.lineSeparator() + "Reports: " + output("test-results"));
    }

    /** The vulnerability scan's verdict from {@code scan/scan-result.json}. */
    private Optional<String> scanGate() {
        Path resultFile = output("scan", "scan-result.json");
        if (!Files.isRegularFile(resultFile)) {
            return Optional.empty();
        }
        ScanResult result = Json.read(resultFile, ScanResult.class);
        if (result.passed()) {
            getLog().info("scan: " + result.findings().size() + " findings, none blocking"
                    + (result.threshold() == null ? " (report only)" : " at " + result.threshold() + " and above"));
            return Optional.empty();
        }
        int blocking = result.blocking().size();
        StringBuilder message = new StringBuilder("The image has ")
                .append(blocking)
                .append(blocking == 1 ? " known vulnerability" : " known vulnerabilities")
                .append(" at or above ")
                .append(result.threshold())
                .append(':');
        for (ScanResult.Row row : result.blocking()) {
            message.append(System.lineSeparator())
                    .append("  ")
                    .append(row.severity())
                    .append("  ")
                    .append(row.packageName())
                    .append(' ')
                    .append(row.installed())
                    .append("  ")
                    .append(row.advisory())
                    .append(row.aliases().isEmpty() ? "" : " (" + String.join(", ", row.aliases()) + ")")
                    .append(
                            row.fixedIn().isEmpty()
                                    ? "  no fixed version yet"
                                    : "  fixed in " + String.join(", ", row.fixedIn()));
        }
        message.append(System.lineSeparator())
                .append("Upgrade the packages, or accept a finding in scan-waivers.yaml")
                .append(" with a reason and an expiry date. Reports: ")
                .append(output("scan"));
        return Optional.of(message.toString());
    }

    /** The chart policy's verdict from {@code policy.json}. */
    private Optional<String> policyGate() {
        Path policyFile = output("policy.json");
        if (!Files.isRegularFile(policyFile)) {
            return Optional.empty();
        }
        PolicyReport report = Json.read(policyFile, PolicyReport.class);
        if (report.passed()) {
            getLog().info(report.summary());
            return Optional.empty();
        }
        return Optional.of("The chart breaks the policy:" + System.lineSeparator()
                + String.join(System.lineSeparator(), report.lines()) + System.lineSeparator()
                + "Fix the chart, or waive a rule in <policyWaivers> with a written <reason>.");
    }

    private static String headline(TestSummary summary) {
        return switch (summary.status()) {
            case FAILED -> "There are test failures: " + summary.message() + ".";
            case COULD_NOT_RUN -> "Tests could not run: " + summary.message() + ".";
            case TIMED_OUT -> "Tests timed out: " + summary.message() + ".";
            case NO_RESULTS -> "No test results: " + summary.message() + ".";
            case PASSED -> "";
        };
    }
}
