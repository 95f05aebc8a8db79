package dev.cicd.testresults;

import java.io.BufferedInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes real-world test reports readable by an XML 1.0 parser. Surefire, among others, writes the
 * control characters of test output as character references ({@code &#27;[31m} for a terminal colour
 * code), which XML 1.0 forbids and strict parsers reject. Terminal escape sequences are dropped;
 * other forbidden characters, raw or referenced, become U+FFFD.
 */
final class Xml10Filter extends FilterReader {

    private static final Pattern ENCODING = Pattern.compile("encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");
    private static final int ESC = 0x1B;

    private final PushbackReader in;

    private Xml10Filter(PushbackReader in) {
        super(in);
        this.in = in;
    }

    /** Reads the stream in the encoding its byte-order mark or XML declaration names (UTF-8 otherwise). */
    static Reader open(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
        in.mark(256);
        byte[] head = in.readNBytes(200);
        in.reset();
        Charset charset = StandardCharsets.UTF_8;
        int skip = 0;
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            skip = 3;
        } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        } else {
            Matcher declared = ENCODING.matcher(new String(head, StandardCharsets.ISO_8859_1));
            if (declared.find()) {
                try {
                    Charset named = Charset.forName(declared.group(1));
                    if (!named.name().startsWith("UTF-16") && !named.name().startsWith("UTF-32")) {
                        charset = named;
                    }
                } catch (IllegalCharsetNameException | UnsupportedCharsetException unknown) {
                    // keep UTF-8: the parser reports what it cannot decode
                }
            }
        }
        in.skipNBytes(skip);
        return new Xml10Filter(new PushbackReader(new InputStreamReader(in, charset), 16));
    }

    @Override
    public int read() throws IOException {
        char[] one = new char[1];
        return read(one, 0, 1) == -1 ? -1 : one[0];
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int count = 0;
        while (count < length) {
            int c = in.read();
            if (c == -1) {
                break;
            }
            if (c == '&') {
                int referenced = characterReference();
                if (referenced >= 0) {
                    if (referenced == ESC) {
                        skipControlSequence();
                    } else {
                        buffer[offset + count++] = '\uFFFD';
                    }
                    continue;
                }
            } else if (!allowed(c) && !Character.isSurrogate((char) c)) {
                if (c == ESC) {
                    skipControlSequence();
                } else {
                    buffer[offset + count++] = '\uFFFD';
                }
                continue;
            }
            buffer[offset + count++] = (char) c;
            if (count > 0 && !in.ready()) {
                break;
            }
        }
        return count == 0 ? -1 : count;
    }

    /**
     * After an '&': when a character reference to a character XML 1.0 forbids follows, consumes it
     * and returns that character; otherwise puts back what it read and returns -1.
     */
    private int characterReference() throws IOException {
        char[] seen = new char[12];
        int n = 0;
        int c = in.read();
        if (c != '#') {
            if (c != -1) {
                in.unread(c);
            }
            return -1;
        }
        seen[n++] = '#';
        boolean hex = false;
        int value = 0;
        while (n < seen.length) {
            c = in.read();
            if (c == -1) {
                break;
            }
            seen[n++] = (char) c;
            if (n == 2 && (c == 'x' || c == 'X')) {
                hex = true;
                continue;
            }
            if (c == ';' && n > (hex ? 3 : 2)) {
                if (!allowed(value)) {
                    return value;
                }
                break;
            }
            int digit = Character.digit(c, hex ? 16 : 10);
            if (digit < 0 || value > 0x10FFFF) {
                break;
            }
            value = value * (hex ? 16 : 10) + digit;
        }
        in.unread(seen, 0, n);
        return -1;
    }

    /** Drops the rest of a CSI sequence ({@code [31m}), whether its characters are raw or referenced. */
    private void skipControlSequence() throws IOException {
        int c = in.read();
        if (c != '[') {
            if (c != -1) {
                in.unread(c);
            }
            return;
        }
        for (int i = 0; i < 12; i++) {
            c = in.read();
            if (c == -1) {
                return;
            }
            if (c >= 0x40 && c <= 0x7E) {
                return;
            }
            if (!(c >= 0x20 && c <= 0x3F)) {
                in.unread(c);
                return;
            }
        }
    }

    private static boolean allowed(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }
}
