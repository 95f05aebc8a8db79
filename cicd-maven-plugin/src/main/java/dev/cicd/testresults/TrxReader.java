package dev.cicd.testresults;

import dev.cicd.testresults.TestCaseResult.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams a Visual Studio test results file (TRX, as {@code dotnet test --logger:trx} writes it)
 * into JUnit terms, one suite per file.
 *
 * <p>TRX puts results ({@code Results/UnitTestResult}) before the class names they belong to
 * ({@code TestDefinitions/UnitTest/TestMethod@className}), so the file is read twice: once for the
 * class of each test id, once for the results. Only that id-to-class map is held in memory.
 *
 * <p>Data-driven tests (MSTest {@code InnerResults}) become one test case per data row. Outcomes map
 * as VSTest defines them: {@code Passed}, {@code PassedButRunAborted}, {@code Warning} and
 * {@code Completed} pass; {@code Failed} fails; {@code Error}, {@code Timeout}, {@code Aborted} and
 * {@code Disconnected} are errors; {@code NotExecuted}, {@code Inconclusive}, {@code NotRunnable},
 * {@code Pending} and {@code InProgress} are skipped.
 */
public final class TrxReader {

    private record Definitions(Map<Object, String> classByTestId, String timestamp, String hostname) {}

    public void read(Path file, ResultSink sink) throws IOException, XMLStreamException {
        Definitions definitions = readDefinitions(file);
        try (SafeXml.Document document = SafeXml.open(file)) {
            XMLStreamReader reader = document.reader();
            requireTestRun(reader);
            sink.startSuite(suiteName(file), definitions.timestamp(), definitions.hostname());
            int depth = 1;
            while (depth > 0) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (depth == 2 && reader.getLocalName().equals("UnitTestResult")) {
                        readResult(reader, definitions, sink);
                    } else {
                        depth++;
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            sink.endSuite();
        }
    }

    private static void requireTestRun(XMLStreamReader reader) throws XMLStreamException {
        if (!reader.getLocalName().equals("TestRun")) {
            throw new XMLStreamException(
                    "not a TRX file: the root element is <" + reader.getLocalName() + ">, expected <TestRun>");
        }
    }

    private static String suiteName(Path file) {
        String name = file.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".trx") ? name.substring(0, name.length() - 4) : name;
    }

    private Definitions readDefinitions(Path file) throws IOException, XMLStreamException {
        Map<Object, String> classByTestId = new HashMap<>();
        Map<String, String> classNames = new HashMap<>();
        String timestamp = null;
        String hostname = null;
        try (SafeXml.Document document = SafeXml.open(file)) {
            XMLStreamReader reader = document.reader();
            requireTestRun(reader);
            String currentTestId = null;
            while (reader.hasNext()) {
                if (reader.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                switch (reader.getLocalName()) {
                    case "Times" -> timestamp = junitTimestamp(reader.getAttributeValue(null, "start"));
                    case "UnitTestResult" -> {
                        if (hostname == null) {
                            hostname = reader.getAttributeValue(null, "computerName");
                        }
                    }
                    case "UnitTest" -> currentTestId = reader.getAttributeValue(null, "id");
                    case "TestMethod" -> {
                        String className = reader.getAttributeValue(null, "className");
                        if (currentTestId != null && className != null) {
                            String simple = simpleClassName(className);
                            classByTestId.put(key(currentTestId), classNames.computeIfAbsent(simple, c -> c));
                        }
                    }
                    default -> {
                        // other elements carry nothing JUnit reports need
                    }
                }
            }
        }
        return new Definitions(classByTestId, timestamp, hostname);
    }

    /** Test ids are GUIDs; held as UUIDs they take a third of the memory of strings. */
    private static Object key(String testId) {
        try {
            return UUID.fromString(testId);
        } catch (IllegalArgumentException notAGuid) {
            return testId;
        }
    }

    /** MSTest may write assembly-qualified names: {@code Project.TestClass, Project, Version=...}. */
    private static String simpleClassName(String className) {
        int comma = className.indexOf(',');
        return (comma >= 0 ? className.substring(0, comma) : className).trim();
    }

    /** What a UnitTestResult's {@code Output} element says; any of it may be null. */
    private static final class Output {
        String stdout;
        String stderr;
        String message;
        String stackTrace;
    }

    /** Reads one UnitTestResult; emits its data rows, or itself when it has none. */
    private void readResult(XMLStreamReader reader, Definitions definitions, ResultSink sink)
            throws XMLStreamException {
        String testId = reader.getAttributeValue(null, "testId");
        String testName = reader.getAttributeValue(null, "testName");
        String duration = reader.getAttributeValue(null, "duration");
        String outcome = reader.getAttributeValue(null, "outcome");
        Output output = new Output();
        int innerResults = 0;
        while (true) {
            int event = reader.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                break;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            switch (reader.getLocalName()) {
                case "Output" -> readOutput(reader, output);
                case "InnerResults" -> innerResults += readInnerResults(reader, definitions, sink);
                default -> BoundedText.skip(reader);
            }
        }
        if (innerResults > 0) {
            return;
        }
        String className = testId == null ? null : definitions.classByTestId().get(key(testId));
        String name = testName == null ? "(unnamed)" : testName;
        if (className != null && name.startsWith(className + ".")) {
            // xUnit writes fully qualified test names; JUnit keeps the class apart.
            name = name.substring(className.length() + 1);
        }
        Status status = status(outcome);
        sink.testCase(new TestCaseResult(
                className == null ? "" : className,
                name,
                seconds(duration),
                status,
                BoundedText.blankToNull(output.message),
                status == Status.PASSED || status == Status.SKIPPED ? null : outcome,
                BoundedText.blankToNull(output.stackTrace),
                BoundedText.blankToNull(output.stdout),
                BoundedText.blankToNull(output.stderr)));
    }

    /** {@code Output}: StdOut, StdErr and ErrorInfo's Message and StackTrace. */
    private static void readOutput(XMLStreamReader reader, Output output) throws XMLStreamException {
        while (BoundedText.nextChild(reader) == XMLStreamConstants.START_ELEMENT) {
            switch (reader.getLocalName()) {
                case "StdOut" -> output.stdout = BoundedText.read(reader);
                case "StdErr" -> output.stderr = BoundedText.read(reader);
                case "ErrorInfo" -> {
                    while (BoundedText.nextChild(reader) == XMLStreamConstants.START_ELEMENT) {
                        switch (reader.getLocalName()) {
                            case "Message" -> output.message = BoundedText.read(reader);
                            case "StackTrace" -> output.stackTrace = BoundedText.read(reader);
                            default -> BoundedText.skip(reader);
                        }
                    }
                }
                default -> BoundedText.skip(reader);
            }
        }
    }

    /** {@code InnerResults}: the data rows, each emitted as a test case; returns how many there were. */
    private int readInnerResults(XMLStreamReader reader, Definitions definitions, ResultSink sink)
            throws XMLStreamException {
        int count = 0;
        while (BoundedText.nextChild(reader) == XMLStreamConstants.START_ELEMENT) {
            if (reader.getLocalName().equals("UnitTestResult")) {
                readResult(reader, definitions, sink);
                count++;
            } else {
                BoundedText.skip(reader);
            }
        }
        return count;
    }

    static Status status(String outcome) {
        if (outcome == null) {
            return Status.ERROR;
        }
        return switch (outcome) {
            case "Passed", "PassedButRunAborted", "Warning", "Completed" -> Status.PASSED;
            case "Failed" -> Status.FAILED;
            case "NotExecuted", "Inconclusive", "NotRunnable", "Pending", "InProgress" -> Status.SKIPPED;
            default -> Status.ERROR;
        };
    }

    /** TRX durations are .NET TimeSpans: {@code [d.]hh:mm:ss[.fffffff]}. */
    static double seconds(String timeSpan) {
        if (timeSpan == null || timeSpan.isBlank()) {
            return 0;
        }
        try {
            String[] parts = timeSpan.trim().split(":");
            if (parts.length != 3) {
                return 0;
            }
            String hoursPart = parts[0];
            double days = 0;
            int dot = hoursPart.indexOf('.');
            if (dot >= 0) {
                days = Double.parseDouble(hoursPart.substring(0, dot));
                hoursPart = hoursPart.substring(dot + 1);
            }
            return days * 86400
                    + Double.parseDouble(hoursPart) * 3600
                    + Double.parseDouble(parts[1]) * 60
                    + Double.parseDouble(parts[2]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** JUnit timestamps are ISO-8601 local date-times without zone: keep the first 19 characters. */
    static String junitTimestamp(String isoDateTime) {
        if (isoDateTime == null || isoDateTime.length() < 19) {
            return null;
        }
        String candidate = isoDateTime.substring(0, 19);
        return candidate.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}") ? candidate : null;
    }
}
