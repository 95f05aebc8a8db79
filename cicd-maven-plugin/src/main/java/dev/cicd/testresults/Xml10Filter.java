package dev.cicd.testresults;

import java.io.BufferedInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
 * other forbidden characters, raw or referenced, become U+FFFD. Plain text passes through a fast
 * path, one buffer at a time.
 */
final class Xml10Filter extends FilterReader {

    private static final Pattern ENCODING = Pattern.compile("encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");
    private static final int ESC = 0x1B;
    /** Enough to see a whole character reference ({@code &#x10FFFF;}) or a colour code after ESC. */
    private static final int LOOKAHEAD = 16;

    private final Reader in;
    private final char[] data = new char[32 * 1024];
    private int position;
    private int limit;
    private boolean endOfInput;
    private int referencedCharacter;

    private Xml10Filter(Reader in) {
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
        return new Xml10Filter(new InputStreamReader(in, charset));
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
        while (count < length && available(1)) {
            char c = data[position];
            if (c != '&' && plain(c)) {
                buffer[offset + count++] = c;
                position++;
                continue;
            }
            available(LOOKAHEAD);
            if (c == '&') {
                int referenceEnd = forbiddenReferenceEnd();
                if (referenceEnd < 0) {
                    buffer[offset + count++] = c;
                    position++;
                } else {
                    position = referenceEnd;
                    if (referencedCharacter == ESC) {
                        skipControlSequence();
                    } else {
                        buffer[offset + count++] = '\uFFFD';
                    }
                }
            } else if (Character.isSurrogate(c)) {
                // Pairs are checked by the decoder; a lone half is left to the parser's judgement.
                buffer[offset + count++] = c;
                position++;
            } else if (c == ESC) {
                position++;
                skipControlSequence();
            } else {
                buffer[offset + count++] = '\uFFFD';
                position++;
            }
        }
        return count == 0 ? -1 : count;
    }

    @Override
    public boolean ready() throws IOException {
        return position < limit || in.ready();
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Characters that pass unchanged without a closer look. */
    private static boolean plain(char c) {
        return (c >= 0x20 && c <= 0xD7FF) || c == '\n' || c == '\t' || c == '\r' || (c >= 0xE000 && c <= 0xFFFD);
    }

    /** Makes at least {@code wanted} characters available from {@code position}, unless the input ends first. */
    private boolean available(int wanted) throws IOException {
        while (limit - position < wanted && !endOfInput) {
            if (position > 0) {
                System.arraycopy(data, position, data, 0, limit - position);
                limit -= position;
                position = 0;
            }
            int read = in.read(data, limit, data.length - limit);
            if (read < 0) {
                endOfInput = true;
            } else {
                limit += read;
            }
        }
        return limit > position;
    }

    /**
     * At an '&': when a character reference to a character XML 1.0 forbids starts here, returns the
     * position after its ';' and remembers the character; otherwise -1.
     */
    private int forbiddenReferenceEnd() {
        int i = position + 1;
        if (i >= limit || data[i] != '#') {
            return -1;
        }
        i++;
        boolean hex = i < limit && (data[i] == 'x' || data[i] == 'X');
        if (hex) {
            i++;
        }
        int digitsStart = i;
        int value = 0;
        while (i < limit && i - position < LOOKAHEAD) {
            char c = data[i];
            if (c == ';') {
                if (i == digitsStart || allowed(value)) {
                    return -1;
                }
                referencedCharacter = value;
                return i + 1;
            }
            int digit = Character.digit(c, hex ? 16 : 10);
            if (digit < 0 || value > 0x10FFFF) {
                return -1;
            }
            value = value * (hex ? 16 : 10) + digit;
            i++;
        }
        return -1;
    }

    /**
     * After ESC: drops a CSI sequence ({@code [31m}). Its characters are printable, so they are
     * raw even where the ESC itself was a character reference.
     */
    private void skipControlSequence() throws IOException {
        available(LOOKAHEAD);
        if (position >= limit || data[position] != '[') {
            return;
        }
        int i = position + 1;
        while (i < limit && i - position < LOOKAHEAD) {
            char c = data[i];
            if (c >= 0x40 && c <= 0x7E) {
                position = i + 1;
                return;
            }
            if (c < 0x20 || c > 0x3F) {
                position = i;
                return;
            }
            i++;
        }
        position = i;
    }

    private static boolean allowed(int c) {
        return c == 0x9
                || c == 0xA
                || c == 0xD
                || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }
}
