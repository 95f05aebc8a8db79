package dev.cicd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pipeline logic knows nothing of Maven: only the goals in dev.cicd.maven may import it. The one
 * exception is maven-artifact's version order, the ecosystem's own rule for Maven advisories.
 */
class ArchitectureTest {

    @Test
    void servicesDoNotImportMaven() throws Exception {
        Path sources = Path.of("src/main/java/dev/cicd");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(sources)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(sources.resolve("maven")))
                    .filter(p -> {
                        try {
                            return Files.readAllLines(p).stream()
                                    .anyMatch(l -> (l.startsWith("import org.apache.maven")
                                                    || l.startsWith("import org.codehaus.plexus"))
                                            // Maven's version order is the reference for matching Maven advisories.
                                            && !l.startsWith("import org.apache.maven.artifact.versioning."));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .map(Path::toString)
                    .toList();
        }
        assertThat(offenders).isEmpty();
    }
}
