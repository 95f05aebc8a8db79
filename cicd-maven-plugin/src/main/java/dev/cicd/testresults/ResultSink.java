package dev.cicd.testresults;

/**
 * Receives test results as a reader streams them: suites one after the other, never nested, each
 * with its test cases.
 */
public interface ResultSink {

    /**
     * @param name the suite name
     * @param timestamp when it started (ISO-8601, may be null)
     * @param hostname the machine it ran on (may be null)
     */
    void startSuite(String name, String timestamp, String hostname);

    void testCase(TestCaseResult result);

    void endSuite();

    /** Sends every event to both sinks. */
    static ResultSink both(ResultSink first, ResultSink second) {
        return new ResultSink() {
            @Override
            public void startSuite(String name, String timestamp, String hostname) {
                first.startSuite(name, timestamp, hostname);
                second.startSuite(name, timestamp, hostname);
            }

            @Override
            public void testCase(TestCaseResult result) {
                first.testCase(result);
                second.testCase(result);
            }

            @Override
            public void endSuite() {
                first.endSuite();
                second.endSuite();
            }
        };
    }
}
