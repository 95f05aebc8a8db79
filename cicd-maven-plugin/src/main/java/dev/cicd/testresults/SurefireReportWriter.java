package dev.cicd.testresults;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes suites as Surefire does, one {@code TEST-<suite>.xml} per suite with a {@code testsuite}
 * root: the format Azure's PublishTestResults, Jenkins' junit step and GitHub's report actions read.
 *
 * <p>The counts go in the root element's attributes, before the test cases, but are only known
 * after them; test cases are therefore streamed to a temporary body file and the report is put
 * together at the end of each suite. Memory stays flat whatever the number of tests.
 */
public final class SurefireReportWriter implements ResultSink {

    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");

    private final Path directory;
    private final List<Path> written = new ArrayList<>();
    private final Set<String> usedNames = new HashSet<>();

    private String suiteName;
    private String timestamp;
    private String hostname;
    private Path body;
    private OutputStream bodyStream;
    private XMLStreamWriter xml;
    private int tests;
    private int failures;
    private int errors;
    private int skipped;
    private double seconds;

    public SurefireReportWriter(Path directory) {
        this.directory = directory;
    }

    public List<Path> writtenFiles() {
        return List.copyOf(written);
    }

    @Override
    public void startSuite(String name, String timestamp, String hostname) {
        this.suiteName = name;
        this.timestamp = timestamp;
        this.hostname = hostname;
        tests = failures = errors = skipped = 0;
        seconds = 0;
        try {
            Files.createDirectories(directory);
            body = Files.createTempFile(directory, ".suite-", ".part");
            bodyStream = new BufferedOutputStream(Files.newOutputStream(body), 64 * 1024);
            xml = SafeXml.OUTPUT.createXMLStreamWriter(bodyStream, "UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void testCase(TestCaseResult result) {
        tests++;
        seconds += result.seconds();
        try {
            xml.writeCharacters("\n  ");
            xml.writeStartElement("testcase");
            xml.writeAttribute("name", clean(result.name()));
            xml.writeAttribute("classname", clean(result.className()));
            xml.writeAttribute("time", time(result.seconds()));
            switch (result.status()) {
                case FAILED -> {
                    failures++;
                    problem("failure", result);
                }
                case ERROR -> {
                    errors++;
                    problem("error", result);
                }
                case SKIPPED -> {
                    skipped++;
                    xml.writeCharacters("\n    ");
                    xml.writeEmptyElement("skipped");
                    if (result.message() != null) {
                        xml.writeAttribute("message", clean(result.message()));
                    }
                }
                case PASSED -> {
                    // a passing case is the element alone
                }
            }
            text("system-out", result.systemOut());
            text("system-err", result.systemErr());
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    private void problem(String element, TestCaseResult result) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeStartElement(element);
        if (result.message() != null) {
            xml.writeAttribute("message", clean(result.message()));
        }
        if (result.type() != null) {
            xml.writeAttribute("type", clean(result.type()));
        }
        if (result.details() != null) {
            xml.writeCharacters(clean(result.details()));
        }
        xml.writeEndElement();
    }

    private void text(String element, String content) throws XMLStreamException {
        if (content != null) {
            xml.writeCharacters("\n    ");
            xml.writeStartElement(element);
            xml.writeCharacters(clean(content));
            xml.writeEndElement();
        }
    }

    @Override
    public void endSuite() {
        try {
            xml.writeCharacters("\n");
            xml.close();
            bodyStream.close();
            Path report = directory.resolve(uniqueFileName(suiteName));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(report), 64 * 1024)) {
                out.write(header().getBytes(StandardCharsets.UTF_8));
                Files.copy(body, out);
                out.write("</testsuite>\n".getBytes(StandardCharsets.UTF_8));
            }
            written.add(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        } finally {
            deleteBody();
        }
    }

    /** Drops a suite that could not be read to the end, so no half report is left behind. */
    public void abort() {
        if (xml != null) {
            try {
                xml.close();
                bodyStream.close();
            } catch (XMLStreamException | IOException ignored) {
                // the part file is deleted next
            }
        }
        deleteBody();
    }

    /** Deletes the reports written after the first {@code count}: those of a file that proved unreadable. */
    public void discardAfter(int count) {
        while (written.size() > count) {
            Path report = written.remove(written.size() - 1);
            try {
                Files.deleteIfExists(report);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void deleteBody() {
        if (body != null) {
            try {
                Files.deleteIfExists(body);
            } catch (IOException ignored) {
                // a stray .part file under target/ is harmless
            }
        }
        body = null;
        bodyStream = null;
        xml = null;
    }

    private String header() throws XMLStreamException {
        StringWriter text = new StringWriter();
        XMLStreamWriter head = SafeXml.OUTPUT.createXMLStreamWriter(text);
        head.writeStartDocument("UTF-8", "1.0");
        head.writeCharacters("\n");
        head.writeStartElement("testsuite");
        head.writeAttribute("name", clean(suiteName));
        head.writeAttribute("time", time(seconds));
        head.writeAttribute("tests", Integer.toString(tests));
        head.writeAttribute("errors", Integer.toString(errors));
        head.writeAttribute("skipped", Integer.toString(skipped));
        head.writeAttribute("failures", Integer.toString(failures));
        if (timestamp != null) {
            head.writeAttribute("timestamp", clean(timestamp));
        }
        if (hostname != null) {
            head.writeAttribute("hostname", clean(hostname));
        }
        // An empty text closes the start tag, so the body can follow.
        head.writeCharacters("");
        head.flush();
        return text + "\n  <properties/>";
    }

    private String uniqueFileName(String suite) {
        String base = "TEST-" + suite.replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.length() > 120) {
            base = base.substring(0, 120);
        }
        String candidate = base;
        for (int n = 2; !usedNames.add(candidate.toLowerCase(Locale.ROOT)); n++) {
            candidate = base + "-" + n;
        }
        return candidate + ".xml";
    }

    private static String time(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }

    /** Removes terminal colour codes and characters XML 1.0 cannot hold. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        String plain = text.indexOf('\u001B') >= 0 ? ANSI_ESCAPE.matcher(text).replaceAll("") : text;
        StringBuilder out = null;
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            boolean allowed = c == '\t'
                    || c == '\n'
                    || c == '\r'
                    || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD)
                    || Character.isSurrogate(c);
            if (Character.isHighSurrogate(c)) {
                allowed = i + 1 < plain.length() && Character.isLowSurrogate(plain.charAt(i + 1));
            } else if (Character.isLowSurrogate(c)) {
                allowed = i > 0 && Character.isHighSurrogate(plain.charAt(i - 1));
            }
            if (!allowed && out == null) {
                out = new StringBuilder(plain.length()).append(plain, 0, i);
            }
            if (out != null) {
                out.append(allowed ? c : '\uFFFD');
            }
        }
        return out == null ? plain : out.toString();
    }
}
