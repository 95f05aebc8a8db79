package dev.cicd.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/troubleshooting.md lists every message and its fix; a fix that names something of the
 * plugin's to apply (a {@code -D} setting, a command, a POM element) names the test that applies it
 * and sees the goal pass, and that test exists.
 */
class TroubleshootingTest {

    private static final Path TROUBLESHOOTING = Path.of("../docs/troubleshooting.md");
    private static final Path UNIT_TESTS = Path.of("src/test/java");
    private static final Path ITS = Path.of("../it/src/it");
    /** What makes a fix something to apply: a -D setting, a command of ours or a peer's, a POM element. */
    private static final Pattern APPLICABLE = Pattern.compile("-D[a-zA-Z]|`(mvn|helm|kubectl|docker) |`<[a-zA-Z]");

    @Test
    void everyFixToApplyNamesATestThatExists() throws IOException {
        List<String> problems = new ArrayList<>();
        int rows = 0;
        for (String line : Files.readAllLines(TROUBLESHOOTING)) {
            String[] cells = line.split("(?<!\\\\)\\|");
            if (!line.startsWith("| `") || cells.length < 5) {
                continue;
            }
            rows++;
            String fix = cells[3].trim();
            String test = cells[4].trim();
            if (test.equals("—")) {
                if (APPLICABLE.matcher(fix).find()) {
                    problems.add("names a fix to apply but no test: " + cells[1].trim());
                }
            } else if (!exists(test)) {
                problems.add("names a test that does not exist (" + test + "): " + cells[1].trim());
            }
        }
        assertThat(rows).as("rows of docs/troubleshooting.md").isGreaterThan(40);
        assertThat(problems).isEmpty();
    }

    private static boolean exists(String test) throws IOException {
        if (test.startsWith("IT ")) {
            return Files.isDirectory(ITS.resolve(test.substring(3)));
        }
        String[] parts = test.split("#");
        try (Stream<Path> files = Files.walk(UNIT_TESTS)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals(parts[0] + ".java"))
                    .toList()) {
                if (parts.length == 1 || Files.readString(file).contains("void " + parts[1] + "(")) {
                    return true;
                }
            }
        }
        return false;
    }
}
