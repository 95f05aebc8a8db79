package dev.cicd.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cicd.chart.policy.PolicyReport;
import dev.cicd.chart.policy.PolicyViolation;
import dev.cicd.common.BuildLog;
import dev.cicd.records.BuildRecords;
import dev.cicd.scan.ScanResult;
import dev.cicd.scan.osv.Severity;
import dev.cicd.testresults.TestSummary;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verify step judges every record at once, as Failsafe's verify does. */
class VerifyStepTest {

    private static final VerifyStep.Settings STRICT = new VerifyStep.Settings(false, true);

    @TempDir
    Path target;

    private static TestSummary failed() {
        return new TestSummary(
                TestSummary.Status.FAILED,
                1,
                3,
                2,
                1,
                0,
                0,
                1.0,
                2.0,
                List.of(new TestSummary.FailingTest("QuoteTest", "rounds", "failed", "expected 2 but was 3")),
                0,
                List.of(),
                List.of(),
                "1 of 3 tests failed");
    }

    private static ScanResult vulnerable() {
        return new ScanResult(
                "127.0.0.1:5000/delivery:v1.0.2",
                "debian 12",
                10,
                100,
                Severity.HIGH,
                List.of(new ScanResult.Row(
                        "DSA-5532-1",
                        List.of("CVE-2023-5678"),
                        "libssl3",
                        "Debian",
                        "3.0.11-1",
                        List.of("3.0.13-1"),
                        Severity.HIGH,
                        7.5,
                        "var/lib/dpkg/status",
                        "pkg:deb/debian/libssl3@3.0.11-1",
                        "openssl",
                        true,
                        null)),
                List.of(),
                List.of());
    }

    @Test
    void nothingRecordedPasses() {
        assertThat(new VerifyStep(BuildRecords.in(target), BuildLog.silent()).failures(STRICT))
                .isEmpty();
    }

    @Test
    void everyFailedGateIsReportedAtOnce() {
        BuildRecords records = BuildRecords.in(target);
        records.write(BuildRecords.TEST_SUMMARY, failed());
        records.write(
                BuildRecords.POLICY,
                new PolicyReport(
                        List.of(new PolicyViolation(
                                "SEC-NONROOT",
                                "qa",
                                "Deployment",
                                "delivery",
                                "app",
                                "runs as root",
                                "set runAsNonRoot")),
                        List.of(),
                        List.of()));
        records.write(BuildRecords.SCAN_RESULT, vulnerable());

        List<String> failures = new VerifyStep(records, BuildLog.silent()).failures(STRICT);

        assertThat(failures).hasSize(3);
        assertThat(failures.get(0))
                .startsWith("There are test failures: 1 of 3 tests failed.")
                .contains("QuoteTest");
        assertThat(failures.get(1)).startsWith("The chart breaks the policy:").contains("SEC-NONROOT");
        assertThat(failures.get(2))
                .startsWith("The image has 1 known vulnerability at or above HIGH:")
                .contains("HIGH  libssl3 3.0.11-1  DSA-5532-1 (CVE-2023-5678)  fixed in 3.0.13-1")
                .contains("scan-waivers.yaml");
    }

    @Test
    void ignoredTestFailuresAndAcceptedMissingResultsDoNotFail() {
        BuildRecords records = BuildRecords.in(target);
        records.write(BuildRecords.TEST_SUMMARY, failed());

        assertThat(new VerifyStep(records, BuildLog.silent()).failures(new VerifyStep.Settings(true, true)))
                .isEmpty();
    }
}
