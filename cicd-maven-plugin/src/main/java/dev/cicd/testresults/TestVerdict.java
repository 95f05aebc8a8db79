package dev.cicd.testresults;

import dev.cicd.testresults.TestResultCollector.Collected;
import dev.cicd.testresults.TestSummary.Status;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns how the test container ended and what it left behind into a verdict. The seed runs tests
 * with ENTRYPOINT rather than RUN precisely so this distinction can be made: a non-zero exit with
 * results means failing tests; a non-zero exit without results means the tests could not run.
 */
public final class TestVerdict {

    private TestVerdict() {}

    public static TestSummary decide(
            Integer exitCode,
            boolean timedOut,
            double wallSeconds,
            Collected results,
            Path resultsDirectory,
            String containerResultsPath) {
        Status status;
        String message;
        int failing = results.failures() + results.errors();
        if (timedOut) {
            status = Status.TIMED_OUT;
            message = "the tests did not finish within the time limit (" + Math.round(wallSeconds)
                    + " s); raise -Dcicd.testTimeout or look for a test that hangs";
        } else if (!results.hasResults() && exitCode != null && exitCode != 0) {
            status = Status.COULD_NOT_RUN;
            message = "the test container exited with code " + exitCode + " and wrote no results to "
                    + containerResultsPath + "; see its output above";
        } else if (!results.hasResults()) {
            status = Status.NO_RESULTS;
            message = "the test container exited with code 0 but wrote no TRX or JUnit XML results to "
                    + containerResultsPath + " (mounted from " + resultsDirectory
                    + "); make the testrunner write them there, or set -Dcicd.testResultsPath";
        } else if (failing > 0) {
            status = Status.FAILED;
            message = failing + " of " + results.tests() + " tests failed";
        } else if (exitCode != null && exitCode != 0) {
            status = Status.FAILED;
            message = "the test container exited with code " + exitCode
                    + " although its results show no failing test; see its output above";
        } else if (!results.unreadable().isEmpty()) {
            status = Status.FAILED;
            message = results.unreadable().size() + " result file(s) could not be read";
        } else {
            status = Status.PASSED;
            message = results.tests() + " tests passed";
        }
        return new TestSummary(
                status,
                exitCode,
                results.tests(),
                results.passed(),
                results.failures(),
                results.errors(),
                results.skipped(),
                results.seconds(),
                wallSeconds,
                results.failing(),
                results.moreFailing(),
                results.reports().stream().map(Path::toString).toList(),
                List.copyOf(results.unreadable()),
                message);
    }
}
