package dev.cicd.maven;

import dev.cicd.common.CicdException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parameter values as given on the command line: {@code KEY=VALUE,KEY=VALUE} lists, blanks. */
final class KeyValues {

    private KeyValues() {}

    static Map<String, String> parse(String text, String where) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return values;
        }
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw CicdException.project(where + ": '" + pair.trim() + "' is not KEY=VALUE");
            }
            values.put(
                    pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return values;
    }

    /** A parameter's value trimmed, or null when it was not given or is blank. */
    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** A comma-separated list as given on the command line, e.g. {@code tests,policy}: trimmed, blanks dropped. */
    static List<String> commaList(String text) {
        return text == null
                ? List.of()
                : Arrays.stream(text.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }
}
