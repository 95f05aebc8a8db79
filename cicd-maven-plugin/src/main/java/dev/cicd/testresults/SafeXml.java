package dev.cicd.testresults;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * StAX readers for files the code under test wrote, which are untrusted: no DTD, no external
 * entities, and a document that declares a DOCTYPE is refused outright (entity expansion attacks
 * such as "billion laughs" need one). Characters XML 1.0 forbids are filtered first
 * ({@link Xml10Filter}), as real reports contain them.
 */
public final class SafeXml {

    private static final XMLInputFactory INPUT = XMLInputFactory.newDefaultFactory();
    static final XMLOutputFactory OUTPUT = XMLOutputFactory.newDefaultFactory();

    static {
        INPUT.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        INPUT.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        INPUT.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        INPUT.setProperty(XMLInputFactory.IS_COALESCING, false);
    }

    private SafeXml() {}

    /** A reader positioned at the root element; fails on a DOCTYPE. */
    public static Document open(Path file) throws IOException, XMLStreamException {
        InputStream in = Files.newInputStream(file);
        XMLStreamReader reader;
        try {
            Reader text = Xml10Filter.open(in);
            synchronized (INPUT) {
                reader = INPUT.createXMLStreamReader(text);
            }
        } catch (IOException | XMLStreamException | RuntimeException e) {
            in.close();
            throw e;
        }
        Document document = new Document(in, reader);
        try {
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new XMLStreamException("the file declares a DOCTYPE, which test result files never need;"
                            + " refused to protect against entity expansion");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    return document;
                }
            }
            throw new XMLStreamException("the file holds no XML element");
        } catch (XMLStreamException | RuntimeException e) {
            document.close();
            throw e;
        }
    }

    /** The local name of the root element, or null when the file is not XML we can read. */
    public static String rootElement(Path file) {
        try (Document document = open(file)) {
            return document.reader().getLocalName();
        } catch (IOException | XMLStreamException e) {
            return null;
        }
    }

    /** An open document: the reader and the stream under it, closed together. */
    public record Document(InputStream stream, XMLStreamReader reader) implements AutoCloseable {
        @Override
        public void close() {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // closing the stream below releases the file either way
            }
            try {
                stream.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}
