package dev.cicd.testresults;

/**
 * One test case as JUnit XML describes it.
 *
 * @param className the class (or fixture) holding the test
 * @param name the test name, data-row suffix included
 * @param seconds how long it ran
 * @param status its outcome
 * @param message the failure or skip message, may be null
 * @param type the failure type (exception class), may be null
 * @param details the stack trace or longer failure text, may be null
 * @param systemOut what the test wrote to standard output, may be null
 * @param systemErr what the test wrote to standard error, may be null
 */
public record TestCaseResult(
        String className,
        String name,
        double seconds,
        Status status,
        String message,
        String type,
        String details,
        String systemOut,
        String systemErr) {

    public enum Status {
        PASSED,
        FAILED,
        ERROR,
        SKIPPED
    }

    public boolean isFailing() {
        return status == Status.FAILED || status == Status.ERROR;
    }

    /** {@code Class.method}, or just the name when the class is unknown. */
    public String displayName() {
        return className == null || className.isEmpty() ? name : className + "." + name;
    }
}
