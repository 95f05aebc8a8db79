package dev.cicd.testresults;

import java.util.ArrayList;
import java.util.List;

/** Keeps every event, for assertions. */
final class RecordingSink implements ResultSink {
    final List<String> suites = new ArrayList<>();
    final List<TestCaseResult> cases = new ArrayList<>();
    int open;

    @Override
    public void startSuite(String name, String timestamp, String hostname) {
        if (open != 0) {
            throw new AssertionError("suites must not nest");
        }
        open++;
        suites.add(name);
    }

    @Override
    public void testCase(TestCaseResult result) {
        if (open != 1) {
            throw new AssertionError("test case outside a suite");
        }
        cases.add(result);
    }

    @Override
    public void endSuite() {
        open--;
    }

    TestCaseResult named(String name) {
        return cases.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no test case " + name + " in " + cases));
    }
}
