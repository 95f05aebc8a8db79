package dev.cicd.testresults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Xml10FilterTest {

    private static String filter(byte[] bytes) throws Exception {
        try (Reader reader = Xml10Filter.open(new ByteArrayInputStream(bytes))) {
            StringBuilder out = new StringBuilder();
            char[] buffer = new char[777];
            int n;
            while ((n = reader.read(buffer, 0, buffer.length)) >= 0) {
                out.append(buffer, 0, n);
            }
            return out.toString();
        }
    }

    private static String filter(String text) throws Exception {
        return filter(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keepsAllowedReferencesAndText() throws Exception {
        assertThat(filter("a &amp; b &#xD; &#10; &#x1F69A; &lt;")).isEqualTo("a &amp; b &#xD; &#10; &#x1F69A; &lt;");
    }

    @Test
    void dropsColourCodesRawOrReferenced() throws Exception {
        assertThat(filter("&#27;[31mred&#x1b;[0m \u001B[1;32mgreen\u001B[0m")).isEqualTo("red green");
    }

    @Test
    void replacesOtherForbiddenCharacters() throws Exception {
        assertThat(filter("bell&#7; nul\u0000 &#xFFFE;")).isEqualTo("bell\uFFFD nul\uFFFD \uFFFD");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8, 12})
    void referencesAcrossBufferBoundaries(int offset) throws Exception {
        String prefix = "x".repeat(32 * 1024 - offset);
        assertThat(filter(prefix + "&#27;[31mred&#65;")).isEqualTo(prefix + "red&#65;");
    }

    @Test
    void incompleteReferenceAtTheEndIsLeftToTheParser() throws Exception {
        assertThat(filter("tail &#27")).isEqualTo("tail &#27");
    }

    @Test
    void honoursByteOrderMarks() throws Exception {
        byte[] utf8 = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '<', 'a', '/', '>'};
        assertThat(filter(utf8)).isEqualTo("<a/>");
        byte[] utf16 = "\uFEFF<b>ü</b>".getBytes(StandardCharsets.UTF_16LE);
        assertThat(filter(utf16)).isEqualTo("<b>ü</b>");
        assertThat(filter("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><c>\u00e9</c>"
                        .getBytes(StandardCharsets.ISO_8859_1)))
                .endsWith("<c>é</c>");
    }
}
