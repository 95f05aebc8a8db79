package dev.cicd.testresults;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * What the tests said, written to {@code target/cicd/test-summary.json} by the {@code test} goal
 * and read by {@code verify} (and by release evidence).
 *
 * @param status the verdict
 * @param exitCode the test container's exit code, null when it did not end by itself
 * @param tests number of test cases
 * @param passed number passed
 * @param failures number failed (assertions)
 * @param errors number in error (unexpected exceptions, timeouts)
 * @param skipped number skipped
 * @param seconds sum of test case times
 * @param wallSeconds how long the test container ran
 * @param failing the first failing tests, with their messages
 * @param moreFailing how many failing tests are not listed in {@code failing}
 * @param reports the JUnit XML reports written
 * @param unreadable result files that could not be read, each with the reason
 * @param message one line for people: what happened and, when the tests could not run, what to do
 */
public record TestSummary(
        Status status,
        Integer exitCode,
        int tests,
        int passed,
        int failures,
        int errors,
        int skipped,
        double seconds,
        double wallSeconds,
        List<FailingTest> failing,
        int moreFailing,
        List<String> reports,
        List<String> unreadable,
        String message) {

    public enum Status {
        /** Tests ran and none failed. */
        PASSED,
        /** Tests ran and some failed or erred, or the runner exited non-zero after writing results. */
        FAILED,
        /** The runner ended without results: the tests could not run. */
        COULD_NOT_RUN,
        /** The runner exceeded its time limit. */
        TIMED_OUT,
        /** The runner succeeded but wrote no results where they were expected. */
        NO_RESULTS
    }

    /** A failing test: where it is and what it said. */
    public record FailingTest(String className, String name, String status, String message) {
        public String displayName() {
            return className == null || className.isEmpty() ? name : className + "." + name;
        }
    }

    @JsonIgnore
    public boolean isSuccess() {
        return status == Status.PASSED;
    }
}
