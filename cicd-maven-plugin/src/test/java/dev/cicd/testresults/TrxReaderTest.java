package dev.cicd.testresults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cicd.testresults.TestCaseResult.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Against real TRX files written by MSTest, NUnit and xUnit (see src/test/resources/trx2junit/README.md). */
class TrxReaderTest {

    static Path sample(String name) throws Exception {
        return Paths.get(
                TrxReaderTest.class.getResource("/trx2junit/trx/" + name).toURI());
    }

    static RecordingSink read(String name) throws Exception {
        RecordingSink sink = new RecordingSink();
        new TrxReader().read(sample(name), sink);
        return sink;
    }

    @Test
    void mstestFailuresCarryMessageStackTraceAndClass() throws Exception {
        RecordingSink sink = read("mstest.trx");

        assertThat(sink.suites).containsExactly("mstest");
        TestCaseResult failing = sink.named("Failing_test");
        assertThat(failing.status()).isEqualTo(Status.FAILED);
        assertThat(failing.className()).isEqualTo("MsTestSample.SimpleTests");
        assertThat(failing.message()).isEqualTo("Assert.Fail failed. Failing for demo purposes");
        assertThat(sink.named("Passing_test").status()).isEqualTo(Status.PASSED);
        assertThat(read("mstest-datadriven.trx").named("Failing_test").details())
                .contains("at MsTestSample.DataDriven.Failing_test()");
    }

    @Test
    void dataDrivenRowsBecomeOneTestCaseEach() throws Exception {
        RecordingSink sink = read("mstest-datadriven.trx");

        assertThat(sink.cases)
                .extracting(TestCaseResult::name)
                .containsExactlyInAnyOrder(
                        "Failing_test",
                        "Two_pass_one_fails (0)",
                        "Two_pass_one_fails (1)",
                        "Two_pass_one_fails (2)",
                        "Slow_test");
        assertThat(sink.named("Two_pass_one_fails (1)").status()).isEqualTo(Status.FAILED);
        assertThat(sink.named("Two_pass_one_fails (0)").status()).isEqualTo(Status.PASSED);
        assertThat(sink.named("Two_pass_one_fails (1)").className()).isEqualTo("MsTestSample.DataDriven");
        assertThat(sink.named("Slow_test").seconds()).isGreaterThan(1.0);
    }

    @Test
    void xunitQualifiedNamesLoseTheClassPrefix() throws Exception {
        RecordingSink sink = read("xunit-datadriven.trx");

        TestCaseResult row = sink.named("Two_pass_one_fails(arg: 1)");
        assertThat(row.className()).isEqualTo("XUnitSample.DataDriven");
        assertThat(row.status()).isEqualTo(Status.FAILED);
    }

    @Test
    void ignoredTestsAreSkipped() throws Exception {
        assertThat(read("mstest-ignore.trx").cases)
                .extracting(TestCaseResult::status)
                .contains(Status.SKIPPED);
        assertThat(read("nunit-ignore.trx").cases)
                .extracting(TestCaseResult::status)
                .contains(Status.SKIPPED);
        assertThat(read("xunit-ignore.trx").cases)
                .extracting(TestCaseResult::status)
                .contains(Status.SKIPPED);
    }

    @Test
    void assemblyQualifiedClassNamesAreShortened() throws Exception {
        RecordingSink sink = read("mstest-warning.trx");

        assertThat(sink.cases)
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.className()).isEqualTo("Project.TestClass"));
    }

    @Test
    void standardOutputAndErrorAreKept() throws Exception {
        assertThat(read("nunit-with-stdout.trx").cases.get(0).systemOut()).isEqualTo("message written to stdout");
        assertThat(read("nunit-with-stderr.trx").cases)
                .anySatisfy(c -> assertThat(c.systemErr()).isNotBlank());
    }

    @Test
    void aRunWithoutTestsIsAnEmptySuite() throws Exception {
        RecordingSink sink = read("nunit-no-tests.trx");

        assertThat(sink.suites).hasSize(1);
        assertThat(sink.cases).isEmpty();
    }

    static Stream<String> allSamples() throws Exception {
        try (Stream<Path> files = Files.list(sample("mstest.trx").getParent())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    /**
     * The counts must agree with those trx2junit computed for the same files, except where that tool
     * is known to differ: it counts data-driven parents in the mstest-datadriven-no-failures sample.
     */
    @ParameterizedTest
    @MethodSource("allSamples")
    void countsAgreeWithAnotherConverter(String sample, @TempDir Path out) throws Exception {
        Path expected = sample("mstest.trx").getParent().getParent().resolve("junit/" + sample.replace(".trx", ".xml"));
        if (!Files.exists(expected)) {
            return;
        }
        RecordingSink theirs = new RecordingSink();
        new JUnitReader().read(expected, theirs);
        RecordingSink ours = read(sample);

        assertThat(ours.cases.stream().filter(TestCaseResult::isFailing).count())
                .as("failing tests in " + sample)
                .isEqualTo(
                        theirs.cases.stream().filter(TestCaseResult::isFailing).count());
        assertThat(ours.cases).as("tests in " + sample).hasSameSizeAs(theirs.cases);
    }

    @Test
    void timeSpansAndOutcomes() {
        assertThat(TrxReader.seconds("00:00:01.5000000")).isEqualTo(1.5);
        assertThat(TrxReader.seconds("01:02:03")).isEqualTo(3723.0);
        assertThat(TrxReader.seconds("1.00:00:00")).isEqualTo(86400.0);
        assertThat(TrxReader.seconds("garbage")).isZero();
        assertThat(TrxReader.status("Timeout")).isEqualTo(Status.ERROR);
        assertThat(TrxReader.status("Inconclusive")).isEqualTo(Status.SKIPPED);
        assertThat(TrxReader.status("Warning")).isEqualTo(Status.PASSED);
    }
}
