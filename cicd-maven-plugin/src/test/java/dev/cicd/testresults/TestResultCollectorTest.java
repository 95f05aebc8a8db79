package dev.cicd.testresults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cicd.common.BuildLog;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class TestResultCollectorTest {

    @TempDir
    Path work;

    private final TestResultCollector collector = new TestResultCollector(BuildLog.silent());

    private Path results() throws Exception {
        return Files.createDirectories(work.resolve("results"));
    }

    private Path reports() {
        return work.resolve("reports");
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    @Test
    void convertsTrxAndJUnitIntoSurefireReports() throws Exception {
        Path results = results();
        Files.copy(TrxReaderTest.sample("mstest-datadriven.trx"), results.resolve("delivery.trx"));
        Files.createDirectories(results.resolve("java"));
        Files.writeString(results.resolve("java/TEST-com.example.OrderTest.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="com.example.OrderTest" tests="99" failures="0">
                  <testcase name="ships" classname="com.example.OrderTest" time="0.012"/>
                  <testcase name="refunds" classname="com.example.OrderTest" time="0.020">
                    <failure message="expected: 3 but was: 4" type="org.opentest4j.AssertionFailedError">at com.example.OrderTest.refunds(OrderTest.java:42)</failure>
                  </testcase>
                  <testcase name="later" classname="com.example.OrderTest"><skipped message="not today"/></testcase>
                </testsuite>
                """);
        Files.writeString(results.resolve("notes.txt"), "not a report");

        TestResultCollector.Collected collected = collector.collect(results, reports());

        assertThat(collected.tests()).isEqualTo(8);
        assertThat(collected.failures()).isEqualTo(3);
        assertThat(collected.skipped()).isEqualTo(1);
        assertThat(collected.failing())
                .extracting(TestSummary.FailingTest::displayName)
                .contains("com.example.OrderTest.refunds", "MsTestSample.DataDriven.Two_pass_one_fails (1)");
        assertThat(collected.reports()).hasSize(2);
        for (Path report : collected.reports()) {
            Element suite = parse(report).getDocumentElement();
            assertThat(suite.getTagName()).isEqualTo("testsuite");
            assertThat(report.getFileName().toString()).startsWith("TEST-").endsWith(".xml");
        }
        Element java =
                parse(reports().resolve("TEST-com.example.OrderTest.xml")).getDocumentElement();
        assertThat(java.getAttribute("tests")).as("recomputed, not copied").isEqualTo("3");
        assertThat(java.getAttribute("failures")).isEqualTo("1");
        assertThat(java.getAttribute("skipped")).isEqualTo("1");
        Element failure = (Element) java.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("expected: 3 but was: 4");
        assertThat(failure.getTextContent()).contains("OrderTest.java:42");
    }

    @Test
    void everySampleSurvivesTheRoundTrip() throws Exception {
        Path results = results();
        Path samples = TrxReaderTest.sample("mstest.trx").getParent();
        try (var files = Files.list(samples)) {
            for (Path trx : files.toList()) {
                Files.copy(trx, results.resolve(trx.getFileName()));
            }
        }

        TestResultCollector.Collected collected = collector.collect(results, reports());

        assertThat(collected.unreadable()).isEmpty();
        int reread = 0;
        for (Path report : collected.reports()) {
            RecordingSink sink = new RecordingSink();
            new JUnitReader().read(report, sink);
            reread += sink.cases.size();
            parse(report);
        }
        assertThat(reread).isEqualTo(collected.tests());
    }

    @Test
    void nonAsciiNamesAndControlCharactersAreWrittenSafely() throws Exception {
        Path results = results();
        Files.writeString(results.resolve("TEST-i18n.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites>
                  <testsuite name="Überweisung">
                    <testcase name="zahlt 10 € an Jürgen 🚚" classname="de.bank.Überweisung">
                      <failure message="erwartet &lt;10&gt;">stack</failure>
                      <system-out>&#27;[31mred&#x1B;[0m and a bell&#7;</system-out>
                    </testcase>
                  </testsuite>
                  <testsuite name="送货"><testcase name="测试" classname="送货"/></testsuite>
                </testsuites>
                """, StandardCharsets.UTF_8);

        TestResultCollector.Collected collected = collector.collect(results, reports());

        assertThat(collected.tests()).isEqualTo(2);
        assertThat(collected.reports()).hasSize(2);
        RecordingSink sink = new RecordingSink();
        for (Path report : collected.reports()) {
            parse(report);
            new JUnitReader().read(report, sink);
        }
        TestCaseResult euro = sink.named("zahlt 10 € an Jürgen 🚚");
        assertThat(euro.className()).isEqualTo("de.bank.Überweisung");
        assertThat(euro.message()).isEqualTo("erwartet <10>");
        assertThat(euro.systemOut()).isEqualTo("red and a bell\uFFFD");
        assertThat(sink.named("测试").className()).isEqualTo("送货");
    }

    @Test
    void nestedSuitesAreFlattened() throws Exception {
        Path results = results();
        Files.writeString(results.resolve("jest.xml"), """
                <testsuites name="jest">
                  <testsuite name="outer">
                    <testcase name="a" classname="outer"/>
                    <testsuite name="inner"><testcase name="b" classname="inner"/></testsuite>
                    <testcase name="c" classname="outer"/>
                  </testsuite>
                </testsuites>
                """);

        TestResultCollector.Collected collected = collector.collect(results, reports());

        assertThat(collected.tests()).isEqualTo(3);
        assertThat(collected.reports())
                .extracting(p -> p.getFileName().toString())
                .containsExactly("TEST-outer.xml", "TEST-inner.xml", "TEST-outer-2.xml");
    }

    @Test
    void noResultsDirectoryMeansNoResults() {
        TestResultCollector.Collected collected = collector.collect(work.resolve("missing"), reports());

        assertThat(collected.hasResults()).isFalse();
    }

    @Test
    void staleReportsAreRemoved() throws Exception {
        Files.createDirectories(reports());
        Files.writeString(reports().resolve("TEST-old.xml"), "<testsuite/>");

        collector.collect(results(), reports());

        assertThat(reports().resolve("TEST-old.xml")).doesNotExist();
    }

    @Test
    void largeTrxConvertsCompletely() throws Exception {
        Path trx = results().resolve("big.trx");
        try (Writer out = Files.newBufferedWriter(trx)) {
            TrxGenerator.write(out, 20_000, 7);
        }

        TestResultCollector.Collected collected = collector.collect(results(), reports());

        assertThat(collected.tests()).isEqualTo(20_000);
        assertThat(collected.failures()).isEqualTo(20_000 / 7 + 1);
        assertThat(collected.failing()).hasSize(TestResultCollector.LISTED_FAILURES);
        assertThat(collected.moreFailing()).isEqualTo(collected.failures() - TestResultCollector.LISTED_FAILURES);
        assertThat(collected.failing().get(0).className()).isEqualTo("Shipping.Delivery.Tests.Class0");
        parse(collected.reports().get(0));
    }

    @Test
    void verdictTellsFailingTestsFromTestsThatCouldNotRun() {
        TestResultCollector.Collected none =
                new TestResultCollector.Collected(0, 0, 0, 0, 0, 0, List.of(), 0, List.of(), List.of());
        TestResultCollector.Collected failing = new TestResultCollector.Collected(
                2,
                1,
                1,
                0,
                0,
                0.1,
                List.of(new TestSummary.FailingTest("A", "b", "FAILED", "boom")),
                0,
                List.of(Path.of("r.xml")),
                List.of());

        assertThat(TestVerdict.decide(1, false, 1, failing, work, "/r").status())
                .isEqualTo(TestSummary.Status.FAILED);
        assertThat(TestVerdict.decide(1, false, 1, none, work, "/r").status())
                .isEqualTo(TestSummary.Status.COULD_NOT_RUN);
        assertThat(TestVerdict.decide(1, false, 1, none, work, "/r").message())
                .startsWith("the test container exited with code 1 and wrote no results");
        assertThat(TestVerdict.decide(0, false, 1, none, work, "/r").status()).isEqualTo(TestSummary.Status.NO_RESULTS);
        assertThat(TestVerdict.decide(null, true, 1, none, work, "/r").status())
                .isEqualTo(TestSummary.Status.TIMED_OUT);
    }
}
