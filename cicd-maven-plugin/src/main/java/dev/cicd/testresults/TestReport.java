package dev.cicd.testresults;

import dev.cicd.testresults.TestSummary.FailingTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The lines people read at the end of the tests: counts, time, and each failing test with its message. */
public final class TestReport {

    private TestReport() {}

    public static List<String> lines(TestSummary summary) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "Tests: %d run, %d passed, %d failed, %d errors, %d skipped in %.1f s" + " (test container %.1f s)",
                summary.tests(),
                summary.passed(),
                summary.failures(),
                summary.errors(),
                summary.skipped(),
                summary.seconds(),
                summary.wallSeconds()));
        if (!summary.failing().isEmpty()) {
            int width = summary.failing().stream()
                    .mapToInt(t -> t.displayName().length())
                    .max()
                    .orElse(0);
            width = Math.min(width, 80);
            for (FailingTest test : summary.failing()) {
                String label = test.status().equals("ERROR") ? "ERROR " : "FAILED";
                String message = test.message() == null ? "" : "  " + test.message();
                lines.add(String.format(Locale.ROOT, "  %s  %-" + width + "s%s", label, test.displayName(), message));
            }
            if (summary.moreFailing() > 0) {
                lines.add("  ... and " + summary.moreFailing() + " more failing tests (see the reports)");
            }
        }
        for (String unreadable : summary.unreadable()) {
            lines.add("  UNREADABLE  " + unreadable);
        }
        lines.add("Result: " + summary.status() + " - " + summary.message());
        return lines;
    }
}
