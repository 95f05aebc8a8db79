package dev.cicd.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Helm (helm-java) on small charts written by the test. */
class ChartServiceTest {

    @TempDir
    Path work;

    private static final PipelineValues VALUES = new PipelineValues(
            "localhost:5000/delivery",
            "v1.0.2",
            null,
            "Release v1.0.2 of delivery from release/delivery/v1.0.2@abc1234");

    private Path chart(String name, String deploymentTemplate) throws Exception {
        Path chart = Files.createDirectories(work.resolve("src").resolve(name).resolve("templates"));
        Files.writeString(
                chart.getParent().resolve("Chart.yaml"),
                "apiVersion: v2\nname: " + name + "\nversion: 0.0.0\nappVersion: \"v0\"\n");
        Files.writeString(
                chart.getParent().resolve("values.yaml"),
                "image:\n  repository: x\n  tag: \"\"\nreason: \"\"\nreplicas: 1\n");
        Files.writeString(chart.resolve("deployment.yaml"), deploymentTemplate);
        return chart.getParent();
    }

    private static final String GOOD = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{ .Release.Name }}
              annotations:
                kubernetes.io/change-cause: {{ .Values.reason | quote }}
            spec:
              replicas: {{ .Values.replicas }}
              template:
                spec:
                  containers:
                    - name: app
                      image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
            """;

    @Test
    void rendersPerEnvironmentWithThePipelinesValuesOnTop() throws Exception {
        Path chart = chart("delivery", GOOD);
        Path qaValues = Files.writeString(
                work.resolve("values-qa.yaml"), "replicas: 3\nimage:\n  tag: overridden-by-the-pipeline\n");
        ChartService service = new ChartService(chart, work.resolve("out"), BuildLog.silent());

        Path rendered = service.render(new RenderTarget("qa", List.of(qaValues), "delivery-qa"), "delivery", VALUES);

        String manifests = Files.readString(rendered);
        assertThat(rendered).isEqualTo(work.resolve("out/rendered/qa.yaml"));
        assertThat(manifests)
                .contains("replicas: 3")
                .contains("image: \"localhost:5000/delivery:v1.0.2\"")
                .contains(
                        "kubernetes.io/change-cause: \"Release v1.0.2 of delivery from release/delivery/v1.0.2@abc1234\"");
    }

    @Test
    void aChartThatDoesNotRenderNamesTemplateAndLine() throws Exception {
        Path chart = chart("broken", GOOD.replace("{{ .Values.replicas }}", "{{ .Values.replicas.count.value }}"));
        ChartService service = new ChartService(chart, work.resolve("out"), BuildLog.silent());

        assertThatThrownBy(() -> service.render(new RenderTarget("qa", List.of(), "qa"), "broken", VALUES))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining(
                        "the chart does not render for environment qa in broken/templates/deployment.yaml line 8");
    }

    @Test
    void invalidYamlAfterRenderingNamesTheTemplate() throws Exception {
        Path chart = chart("badyaml", GOOD.replace("  replicas: {{ .Values.replicas }}", "  replicas: [unclosed"));
        ChartService service = new ChartService(chart, work.resolve("out"), BuildLog.silent());

        assertThatThrownBy(() -> service.render(new RenderTarget("qa", List.of(), "qa"), "badyaml", VALUES))
                .hasMessageContaining("badyaml/templates/deployment.yaml");
    }

    @Test
    void lintFailureShowsHelmsMessages() throws Exception {
        Path chart = chart("linted", GOOD);
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: linted\n");
        List<String> logged = new java.util.ArrayList<>();
        ChartService service = new ChartService(chart, work.resolve("out"), collecting(logged));

        assertThatThrownBy(() -> service.lint(false)).hasMessageContaining("helm lint failed");
        assertThat(logged)
                .anySatisfy(line -> assertThat(line).contains("[ERROR]").contains("version"));
    }

    @Test
    void packagesWithChartVersionAndAppVersionAndTheSameBytesEachTime() throws Exception {
        Path chart = chart("delivery", GOOD);
        ChartService service = new ChartService(chart, work.resolve("out"), BuildLog.silent());
        Instant commit = Instant.parse("2026-11-20T08:00:00Z");

        Path first = service.packageChart("1.0.2", "v1.0.2", commit);
        byte[] firstBytes = Files.readAllBytes(first);
        Thread.sleep(1100);
        Path second = service.packageChart("1.0.2", "v1.0.2", commit);

        assertThat(first.getFileName().toString()).isEqualTo("delivery-1.0.2.tgz");
        Map<String, String> entries = entries(second);
        assertThat(entries.get("delivery/Chart.yaml"))
                .contains("version: 1.0.2")
                .contains("appVersion: v1.0.2");
        assertThat(Files.readAllBytes(second)).as("reproducible archive").isEqualTo(firstBytes);
        assertThat(Files.readString(chart.resolve("Chart.yaml")))
                .as("source untouched")
                .contains("version: 0.0.0");
    }

    @Test
    void dependenciesWithoutALockFailWithTheCommandThatFixesIt() throws Exception {
        Path chart = chart("withdeps", GOOD);
        Files.writeString(chart.resolve("Chart.yaml"), """
                apiVersion: v2
                name: withdeps
                version: 0.0.0
                dependencies:
                  - name: common
                    version: 0.1.0
                    repository: file://../common
                """);
        ChartService service = new ChartService(chart, work.resolve("out"), BuildLog.silent());

        assertThatThrownBy(service::buildDependencies)
                .hasMessageContaining("has no Chart.lock")
                .hasMessageContaining("helm dependency update " + chart);
    }

    @Test
    void staleLockFailsAndAFreshOneBuilds() throws Exception {
        Path common = Files.createDirectories(work.resolve("src/common/templates"));
        Files.writeString(
                common.getParent().resolve("Chart.yaml"),
                "apiVersion: v2\nname: common\nversion: 0.1.0\ntype: library\n");
        Files.writeString(common.resolve("_labels.tpl"), "{{- define \"common.labels\" -}}\napp: x\n{{- end }}\n");
        Path chart = chart("withdeps", GOOD);
        String chartYaml = """
                apiVersion: v2
                name: withdeps
                version: 0.0.0
                dependencies:
                  - name: common
                    version: 0.1.0
                    repository: file://../common
                """;
        Files.writeString(chart.resolve("Chart.yaml"), chartYaml);
        new com.marcnuri.helm.Helm(chart).dependency().update().call();
        ChartService service = new ChartService(chart, work.resolve("out"), BuildLog.silent());

        service.buildDependencies();
        assertThat(chart.resolve("charts/common-0.1.0.tgz")).exists();

        Files.writeString(chart.resolve("Chart.yaml"), chartYaml.replace("version: 0.1.0", "version: 0.2.0"));
        assertThatThrownBy(service::buildDependencies)
                .hasMessageContaining("out of sync with Chart.yaml")
                .hasMessageContaining("helm dependency update");
    }

    @Test
    void missingChartSaysWhereItWasExpected() {
        ChartService service = new ChartService(work.resolve("nowhere"), work.resolve("out"), BuildLog.silent());

        assertThatThrownBy(service::describe)
                .hasMessageContaining("no Helm chart at")
                .hasMessageContaining("-Dcicd.chart");
    }

    private static Map<String, String> entries(Path archive) throws Exception {
        Map<String, String> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                assertThat(entry.getModTime().toInstant()).isEqualTo(Instant.parse("2026-11-20T08:00:00Z"));
                entries.put(entry.getName(), new String(tar.readAllBytes()));
            }
        }
        return entries;
    }

    private static BuildLog collecting(List<String> lines) {
        return new BuildLog() {
            @Override
            public void info(String message) {
                lines.add(message);
            }

            @Override
            public void warn(String message) {
                lines.add(message);
            }

            @Override
            public void error(String message) {
                lines.add(message);
            }

            @Override
            public void debug(String message) {}
        };
    }
}
