package dev.cicd.release;

import dev.cicd.chart.policy.PolicyReport;
import dev.cicd.common.BuildLog;
import dev.cicd.records.BuildRecords;
import dev.cicd.scan.ScanResult;
import dev.cicd.testresults.TestReport;
import dev.cicd.testresults.TestSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The verify step, as Failsafe's {@code verify}: judges what earlier steps recorded (failing tests,
 * tests that could not run, chart policy violations, known vulnerabilities at or above the gate) and
 * returns every failure at once, so one build shows everything to fix.
 */
public final class VerifyStep {

    /**
     * @param testFailureIgnore report failing tests without failing
     * @param failIfNoTests fail when the test container succeeded but wrote no results
     */
    public record Settings(boolean testFailureIgnore, boolean failIfNoTests) {}

    private final BuildRecords records;
    private final BuildLog log;

    public VerifyStep(BuildRecords records, BuildLog log) {
        this.records = records;
        this.log = log;
    }

    /** The gates that failed, each as the paragraph the build fails with; empty when all passed. */
    public List<String> failures(Settings settings) {
        List<String> failures = new ArrayList<>();
        testGate(settings).ifPresent(failures::add);
        policyGate().ifPresent(failures::add);
        scanGate().ifPresent(failures::add);
        return failures;
    }

    private Optional<String> testGate(Settings settings) {
        Optional<TestSummary> recorded = records.read(BuildRecords.TEST_SUMMARY);
        if (recorded.isEmpty()) {
            log.info("no test summary at " + records.path(BuildRecords.TEST_SUMMARY)
                    + ": no container tests ran in this build");
            return Optional.empty();
        }
        TestSummary summary = recorded.get();
        if (summary.isSuccess()) {
            log.info("tests: " + summary.message());
            return Optional.empty();
        }
        if (summary.status() == TestSummary.Status.NO_RESULTS && !settings.failIfNoTests()) {
            log.warn(summary.message());
            return Optional.empty();
        }
        if (settings.testFailureIgnore()) {
            log.warn("test failures ignored (cicd.testFailureIgnore=true):");
            TestReport.lines(summary).forEach(log::warn);
            return Optional.empty();
        }
        return Optional.of(headline(summary) + System.lineSeparator()
                + String.join(System.lineSeparator(), TestReport.lines(summary))
                + System.lineSeparator() + "Reports: " + records.path(BuildRecords.TEST_RESULTS));
    }

    private Optional<String> policyGate() {
        Optional<PolicyReport> recorded = records.read(BuildRecords.POLICY);
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        PolicyReport report = recorded.get();
        if (report.passed()) {
            log.info(report.summary());
            return Optional.empty();
        }
        return Optional.of("The chart breaks the policy:" + System.lineSeparator()
                + String.join(System.lineSeparator(), report.lines()) + System.lineSeparator()
                + "Fix the chart, or waive a rule in <policyWaivers> with a written <reason>.");
    }

    private Optional<String> scanGate() {
        Optional<ScanResult> recorded = records.read(BuildRecords.SCAN_RESULT);
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        ScanResult result = recorded.get();
        if (result.passed()) {
            log.info("scan: " + result.findings().size() + " findings, none blocking"
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
            message.append(System.lineSeparator()).append("  ").append(row.describe());
        }
        message.append(System.lineSeparator())
                .append("Upgrade the packages, or accept a finding in scan-waivers.yaml")
                .append(" with a reason and an expiry date. Reports: ")
                .append(records.path(BuildRecords.SCAN_REPORTS));
        return Optional.of(message.toString());
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
