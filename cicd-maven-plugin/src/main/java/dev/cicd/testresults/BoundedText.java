package dev.cicd.testresults;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the text of the current element, keeping at most a fixed number of characters, so that a
 * test writing gigabytes to standard output cannot exhaust the build's memory.
 */
final class BoundedText {

    /** Per message, stack trace or output block. */
    static final int LIMIT = 64 * 1024;

    private BoundedText() {}

    /**
     * Reads from the current START_ELEMENT to its END_ELEMENT, collecting the text of it and its
     * descendants; the reader ends positioned on that END_ELEMENT.
     */
    static String read(XMLStreamReader reader) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        long dropped = 0;
        int depth = 1;
        while (depth > 0) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> depth++;
                case XMLStreamConstants.END_ELEMENT -> depth--;
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    int room = LIMIT - text.length();
                    int length = reader.getTextLength();
                    if (room > 0) {
                        int take = Math.min(room, length);
                        text.append(reader.getTextCharacters(), reader.getTextStart(), take);
                        dropped += length - take;
                    } else {
                        dropped += length;
                    }
                }
                default -> {
                    // comments and processing instructions carry no result text
                }
            }
        }
        if (dropped > 0) {
            text.append("\n[... ").append(dropped).append(" more characters cut by cicd]");
        }
        return text.toString();
    }

    /** Skips the current element and everything inside it. */
    static void skip(XMLStreamReader reader) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /**
     * Moves to the next child element or to the end of the current element, passing over text,
     * comments and processing instructions (real-world reports put stray text anywhere).
     */
    static int nextChild(XMLStreamReader reader) throws XMLStreamException {
        while (true) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT || event == XMLStreamConstants.END_ELEMENT) {
                return event;
            }
        }
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
