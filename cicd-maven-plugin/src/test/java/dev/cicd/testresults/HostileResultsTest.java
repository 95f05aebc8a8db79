package dev.cicd.testresults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cicd.common.BuildLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Result files come from the code under test and may be written to attack the build machine. */
class HostileResultsTest {

    @TempDir
    Path work;

    private final TestResultCollector collector = new TestResultCollector(BuildLog.silent());

    private TestResultCollector.Collected collect(String fileName, String content) throws Exception {
        Path results = Files.createDirectories(work.resolve("results"));
        Files.writeString(results.resolve(fileName), content);
        return collector.collect(results, work.resolve("reports"));
    }

    @Test
    void externalEntityIsNotResolved() throws Exception {
        Path secret = Files.writeString(work.resolve("secret.txt"), "TOP-SECRET-VALUE");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE testsuite [<!ENTITY leak SYSTEM \"" + secret.toUri()
                + "\">]>\n" + "<testsuite name=\"x\"><testcase name=\"&leak;\" classname=\"c\"/></testsuite>";

        TestResultCollector.Collected collected = collect("TEST-xxe.xml", xxe);

        assertThat(collected.unreadable())
                .singleElement()
                .asString()
                .contains("TEST-xxe.xml")
                .contains("DOCTYPE");
        assertThat(collected.tests()).isZero();
        assertThat(collected.reports()).isEmpty();
        assertThat(work.resolve("reports"))
                .satisfiesAnyOf(
                        reports -> assertThat(reports).doesNotExist(),
                        reports -> assertThat(reports).isEmptyDirectory());
    }

    @Test
    void externalEntityInTrxIsNotResolved() throws Exception {
        Path secret = Files.writeString(work.resolve("secret.txt"), "TOP-SECRET-VALUE");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE TestRun [<!ENTITY leak SYSTEM \"" + secret.toUri() + "\">]>"
                + "<TestRun><Results><UnitTestResult testName=\"&leak;\" outcome=\"Passed\"/></Results></TestRun>";

        TestResultCollector.Collected collected = collect("evil.trx", xxe);

        assertThat(collected.unreadable()).hasSize(1);
        assertThat(collected.tests()).isZero();
    }

    @Test
    void billionLaughsIsRefusedQuickly() throws Exception {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        dtd.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
        for (int i = 2; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            dtd.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        dtd.append("]>\n<testsuite name=\"lolz\"><testcase name=\"&lol9;\" classname=\"c\"/></testsuite>");

        long start = System.nanoTime();
        TestResultCollector.Collected collected = collect("TEST-lolz.xml", dtd.toString());

        assertThat(collected.unreadable()).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("no expansion happened")
                .isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void linksOutOfTheResultsDirectoryAreNotFollowed() throws Exception {
        Path outside = Files.createDirectories(work.resolve("outside"));
        Files.writeString(
                outside.resolve("TEST-outside.xml"),
                "<testsuite name=\"outside\"><testcase name=\"leaked\" classname=\"c\"/></testsuite>");
        Path results = Files.createDirectories(work.resolve("results"));
        Files.createSymbolicLink(results.resolve("TEST-link.xml"), outside.resolve("TEST-outside.xml"));
        Files.createSymbolicLink(results.resolve("dir-link"), outside);

        TestResultCollector.Collected collected = collector.collect(results, work.resolve("reports"));

        assertThat(collected.tests()).isZero();
        assertThat(collected.reports()).isEmpty();
    }

    @Test
    void truncatedFileIsReportedNotFatal() throws Exception {
        Path results = Files.createDirectories(work.resolve("results"));
        Files.writeString(
                results.resolve("TEST-good.xml"),
                "<testsuite name=\"good\"><testcase name=\"ok\" classname=\"c\"/></testsuite>");
        Files.writeString(
                results.resolve("TEST-cut.xml"),
                "<testsuite name=\"cut\"><testcase name=\"a\" classname=\"c\"/><testcase name=\"b\"");

        TestResultCollector.Collected collected = collector.collect(results, work.resolve("reports"));

        assertThat(collected.tests()).isEqualTo(1);
        assertThat(collected.unreadable()).singleElement().asString().startsWith("TEST-cut.xml: ");
        assertThat(collected.reports())
                .extracting(p -> p.getFileName().toString())
                .containsExactly("TEST-good.xml");
        try (var files = Files.list(work.resolve("reports"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("TEST-good.xml");
        }
    }

    @Test
    void hugeOutputIsCut() throws Exception {
        String huge = "x".repeat(BoundedText.LIMIT * 3);
        TestResultCollector.Collected collected = collect(
                "TEST-huge.xml",
                "<testsuite name=\"h\"><testcase name=\"t\" classname=\"c\"><system-out>" + huge
                        + "</system-out></testcase></testsuite>");

        String report = Files.readString(collected.reports().get(0));
        assertThat(report.length()).isLessThan(BoundedText.LIMIT + 2_000);
        assertThat(report).contains("more characters cut by cicd");
    }
}
