package dev.cicd.chart.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test manifests under src/test/resources/policy/, and variations of them. */
final class Manifests {

    private Manifests() {}

    static String read(String name) {
        try (InputStream in = Manifests.class.getResourceAsStream("/policy/" + name)) {
            assertThat(in).as("test resource /policy/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text with one exact passage replaced; fails if the passage is missing so a variation cannot silently test nothing. */
    static String replace(String text, String passage, String replacement) {
        assertThat(text).as("manifest to vary").contains(passage);
        return text.replace(passage, replacement);
    }

    /** A bare Pod with one container; the parts are YAML indented as their place in the Pod needs. */
    static String pod(String podSecurityContext, String containerSecurityContext) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: probe
                spec:
                %s
                  containers:
                    - name: probe
                      image: registry.example.com/tools/probe:0.3.1
                %s
                      resources:
                        requests: {cpu: 10m, memory: 16Mi}
                        limits: {cpu: 10m, memory: 16Mi}
                """.formatted(indent(podSecurityContext, 2), indent(containerSecurityContext, 6));
    }

    private static String indent(String yaml, int spaces) {
        if (yaml == null || yaml.isBlank()) {
            return "";
        }
        return yaml.stripIndent()
                .strip()
                .lines()
                .map(l -> " ".repeat(spaces) + l)
                .reduce((a, b) -> a + "\n" + b)
                .orElse("");
    }
}
