package dev.cicd.testresults;

import dev.cicd.common.BuildLog;
import dev.cicd.testresults.TestSummary.FailingTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.xml.stream.XMLStreamException;

/**
 * Finds every TRX and JUnit XML file the tests wrote into a results directory and converts them all
 * into Surefire-style JUnit XML, counting as it goes.
 *
 * <p>The results directory is written by the code under test: links are not followed (a link could
 * point at any file of the build machine), and each file is read with {@link SafeXml}.
 */
public final class TestResultCollector {

    /** How many failing tests the summary lists by name. */
    static final int LISTED_FAILURES = 100;

    /** The counts of all files converted, with the first failing tests. */
    public record Collected(
            int tests,
            int passed,
            int failures,
            int errors,
            int skipped,
            double seconds,
            List<FailingTest> failing,
            int moreFailing,
            List<Path> reports,
            List<String> unreadable) {

        public boolean hasResults() {
            return !reports.isEmpty();
        }
    }

    private final BuildLog log;

    public TestResultCollector(BuildLog log) {
        this.log = log;
    }

    public Collected collect(Path resultsDirectory, Path reportDirectory) {
        clean(reportDirectory);
        Counter counter = new Counter();
        SurefireReportWriter writer = new SurefireReportWriter(reportDirectory);
        List<String> unreadable = new ArrayList<>();
        for (Path file : resultFiles(resultsDirectory)) {
            String relative = resultsDirectory.relativize(file).toString();
            String kind = kind(file);
            if (kind == null) {
                log.debug("not a test result file, ignored: " + relative);
                continue;
            }
            Counter fileCounter = new Counter();
            int reportsBefore = writer.writtenFiles().size();
            try {
                ResultSink sink = ResultSink.both(writer, fileCounter);
                if (kind.equals("trx")) {
                    new TrxReader().read(file, sink);
                } else {
                    new JUnitReader().read(file, sink);
                }
                counter.add(fileCounter);
                log.debug("read " + relative + " (" + kind + "): " + fileCounter.tests + " tests");
            } catch (XMLStreamException | IOException | RuntimeException e) {
                writer.abort();
                writer.discardAfter(reportsBefore);
                String reason = relative + ": " + oneLine(e.getMessage());
                unreadable.add(reason);
                log.warn("could not read test results " + reason);
            }
        }
        return new Collected(
                counter.tests,
                counter.passed,
                counter.failures,
                counter.errors,
                counter.skipped,
                counter.seconds,
                List.copyOf(counter.failing),
                counter.moreFailing,
                writer.writtenFiles(),
                List.copyOf(unreadable));
    }

    /** Regular files only, found without following links, in a stable order. */
    private List<Path> resultFiles(Path resultsDirectory) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(resultsDirectory, LinkOption.NOFOLLOW_LINKS)) {
            return files;
        }
        try {
            Files.walkFileTree(resultsDirectory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isSymbolicLink()) {
                        log.warn("skipped link " + resultsDirectory.relativize(file)
                                + ": test results must be files inside the results directory");
                    } else if (attributes.isRegularFile()) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + resultsDirectory, e);
        }
        files.sort(Comparator.comparing(Path::toString));
        return files;
    }

    /** {@code trx}, {@code junit}, or null for any other file. */
    private static String kind(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".trx")) {
            return "trx";
        }
        if (name.endsWith(".xml")) {
            String root = SafeXml.rootElement(file);
            if ("testsuite".equals(root) || "testsuites".equals(root)) {
                return "junit";
            }
            if (root == null) {
                // Unreadable or hostile: let the reader say why.
                return "junit";
            }
        }
        return null;
    }

    private static void clean(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(directory)) {
                    Files.delete(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not empty " + directory, e);
        }
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        return message.replaceAll("\\s+", " ").trim();
    }

    /** Counts test cases and keeps the first failing ones. */
    private static final class Counter implements ResultSink {
        int tests;
        int passed;
        int failures;
        int errors;
        int skipped;
        double seconds;
        final List<FailingTest> failing = new ArrayList<>();
        int moreFailing;

        @Override
        public void startSuite(String name, String timestamp, String hostname) {}

        @Override
        public void testCase(TestCaseResult result) {
            tests++;
            seconds += result.seconds();
            switch (result.status()) {
                case PASSED -> passed++;
                case SKIPPED -> skipped++;
                case FAILED -> failures++;
                case ERROR -> errors++;
            }
            if (result.isFailing()) {
                if (failing.size() < LISTED_FAILURES) {
                    failing.add(new FailingTest(
                            result.className(),
                            result.name(),
                            result.status().name(),
                            firstLine(result.message() != null ? result.message() : result.details())));
                } else {
                    moreFailing++;
                }
            }
        }

        @Override
        public void endSuite() {}

        void add(Counter other) {
            tests += other.tests;
            passed += other.passed;
            failures += other.failures;
            errors += other.errors;
            skipped += other.skipped;
            seconds += other.seconds;
            for (FailingTest test : other.failing) {
                if (failing.size() < LISTED_FAILURES) {
                    failing.add(test);
                } else {
                    moreFailing++;
                }
            }
            moreFailing += other.moreFailing;
        }

        private static String firstLine(String text) {
            if (text == null) {
                return null;
            }
            String line = text.strip().lines().findFirst().orElse("");
            return line.length() > 300 ? line.substring(0, 300) + "..." : line;
        }
    }
}
