package dev.cicd.testresults;

import dev.cicd.testresults.TestCaseResult.Status;
import java.io.IOException;
import java.nio.file.Path;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams a JUnit XML report, as Surefire, Gradle, pytest, Jest, Go and most other runners write
 * it: a {@code testsuite} root, or a {@code testsuites} root holding suites, possibly nested. Suites
 * reach the sink flat, one after the other, and the counts in the file are not trusted: they are
 * recomputed from the test cases.
 */
public final class JUnitReader {

    public void read(Path file, ResultSink sink) throws IOException, XMLStreamException {
        try (SafeXml.Document document = SafeXml.open(file)) {
            XMLStreamReader reader = document.reader();
            switch (reader.getLocalName()) {
                case "testsuite" -> readSuite(reader, sink);
                case "testsuites" -> {
                    while (BoundedText.nextChild(reader) == XMLStreamConstants.START_ELEMENT) {
                        if (reader.getLocalName().equals("testsuite")) {
                            readSuite(reader, sink);
                        } else {
                            BoundedText.skip(reader);
                        }
                    }
                }
                default ->
                    throw new XMLStreamException("not a JUnit report: the root element is <" + reader.getLocalName()
                            + ">, expected <testsuite> or <testsuites>");
            }
        }
    }

    /**
     * A suite is announced to the sink when its first test case arrives, so that a suite holding
     * only nested suites does not show up as an empty one.
     */
    private void readSuite(XMLStreamReader reader, ResultSink sink) throws XMLStreamException {
        String name = attribute(reader, "name", "(unnamed suite)");
        String timestamp = reader.getAttributeValue(null, "timestamp");
        String hostname = reader.getAttributeValue(null, "hostname");
        boolean started = false;
        boolean hadNested = false;
        while (true) {
            int event = reader.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                break;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            switch (reader.getLocalName()) {
                case "testcase" -> {
                    if (!started) {
                        sink.startSuite(name, timestamp, hostname);
                        started = true;
                    }
                    sink.testCase(readCase(reader, name));
                }
                case "testsuite" -> {
                    if (started) {
                        sink.endSuite();
                        started = false;
                    }
                    readSuite(reader, sink);
                    hadNested = true;
                }
                default -> BoundedText.skip(reader);
            }
        }
        if (started) {
            sink.endSuite();
        } else if (!hadNested) {
            sink.startSuite(name, timestamp, hostname);
            sink.endSuite();
        }
    }

    private TestCaseResult readCase(XMLStreamReader reader, String suiteName) throws XMLStreamException {
        String name = attribute(reader, "name", "(unnamed)");
        String className = attribute(reader, "classname", suiteName);
        double seconds = seconds(reader.getAttributeValue(null, "time"));
        Status status = Status.PASSED;
        String message = null;
        String type = null;
        String details = null;
        String stdout = null;
        String stderr = null;
        while (BoundedText.nextChild(reader) == XMLStreamConstants.START_ELEMENT) {
            switch (reader.getLocalName()) {
                case "failure", "error" -> {
                    // A case can hold several; the first says most.
                    Status found = reader.getLocalName().equals("failure") ? Status.FAILED : Status.ERROR;
                    String foundMessage = reader.getAttributeValue(null, "message");
                    String foundType = reader.getAttributeValue(null, "type");
                    String text = BoundedText.read(reader);
                    if (status == Status.PASSED || status == Status.SKIPPED) {
                        status = found;
                        message = foundMessage;
                        type = foundType;
                        details = BoundedText.blankToNull(text);
                    }
                }
                case "skipped" -> {
                    String foundMessage = reader.getAttributeValue(null, "message");
                    BoundedText.skip(reader);
                    if (status == Status.PASSED) {
                        status = Status.SKIPPED;
                        message = foundMessage;
                    }
                }
                case "system-out" -> stdout = BoundedText.blankToNull(BoundedText.read(reader));
                case "system-err" -> stderr = BoundedText.blankToNull(BoundedText.read(reader));
                default -> BoundedText.skip(reader);
            }
        }
        return new TestCaseResult(className, name, seconds, status, message, type, details, stdout, stderr);
    }

    private static String attribute(XMLStreamReader reader, String name, String fallback) {
        String value = reader.getAttributeValue(null, name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Times are seconds; some writers add thousands separators ({@code 1,234.5}). */
    static double seconds(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            double value = Double.parseDouble(text.trim().replace(",", ""));
            return Double.isFinite(value) && value >= 0 ? value : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
