package dev.cicd.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cicd.chart.ChartRecord;
import dev.cicd.chart.PipelineValues;
import dev.cicd.chart.RenderTarget;
import dev.cicd.chart.policy.PolicyReport;
import dev.cicd.chart.policy.PolicyWaiver;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.records.BuildRecords;
import dev.cicd.registry.PushRecord;
import dev.cicd.registry.RegistryClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart step with real Helm (helm-java): lint, render per environment, policy, package, records. */
class ChartStepTest {

    private static final String DIGEST = "sha256:" + "d".repeat(64);
    private static final Instant COMMIT_TIME = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path work;

    private Path chart(String securityContext) throws Exception {
        Path chart = Files.createDirectories(work.resolve("src/main/helm/delivery/templates"));
        Files.writeString(
                chart.getParent().resolve("Chart.yaml"),
                "apiVersion: v2\nname: delivery\nversion: 0.0.0\nappVersion: \"v0\"\n");
        Files.writeString(
                chart.getParent().resolve("values.yaml"),
                "image:\n  repository: x\n  tag: \"\"\n  digest: \"\"\nreason: \"\"\n");
        Files.writeString(chart.resolve("deployment.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ .Release.Name }}
                  labels:
                    app.kubernetes.io/name: delivery
                    app.kubernetes.io/instance: {{ .Release.Name }}
                    app.kubernetes.io/version: {{ .Chart.AppVersion }}
                  annotations:
                    kubernetes.io/change-cause: {{ .Values.reason | quote }}
                spec:
                  selector:
                    matchLabels:
                      app.kubernetes.io/name: delivery
                  template:
                    metadata:
                      labels:
                        app.kubernetes.io/name: delivery
                    spec:
                      containers:
                        - name: app
                          image: "{{ .Values.image.repository }}{{ if .Values.image.digest }}@{{ .Values.image.digest }}{{ else }}:{{ .Values.image.tag }}{{ end }}"
                """ + securityContext);
        return chart.getParent();
    }

    /** What the policy asks of a container, indented as the container in the template above. */
    private static final String HARDENED = String.join(
                    "\n",
                    "          securityContext:",
                    "            runAsNonRoot: true",
                    "            allowPrivilegeEscalation: false",
                    "            readOnlyRootFilesystem: true",
                    "          resources:",
                    "            limits: {cpu: 500m, memory: 256Mi}",
                    "            requests: {cpu: 100m, memory: 128Mi}",
                    "          livenessProbe: {httpGet: {path: /health, port: 8080}}",
                    "          readinessProbe: {httpGet: {path: /health, port: 8080}}")
            + "\n";

    private ChartStep.Request request(Path chart, List<PolicyWaiver> waivers) throws Exception {
        Path qaValues = Files.writeString(work.resolve("values-qa.yaml"), "image:\n  tag: ignored\n");
        return new ChartStep.Request(
                chart,
                false,
                List.of(
                        new RenderTarget("qa", List.of(qaValues), "delivery-qa"),
                        new RenderTarget("production", List.of(), "delivery")),
                "delivery",
                new PipelineValues("127.0.0.1:5000/delivery", "v1.0.2", null, "Release v1.0.2 of delivery"),
                waivers,
                "1.0.2",
                "v1.0.2",
                COMMIT_TIME);
    }

    @Test
    void packagesWithTheVersionAndRecordsChartAndPolicy() throws Exception {
        BuildRecords records = BuildRecords.in(work.resolve("target/cicd"));

        ChartStep.Result result =
                new ChartStep(records, work, BuildLog.silent()).run(request(chart(HARDENED), List.of()));

        ChartRecord chart = records.read(BuildRecords.CHART).orElseThrow();
        assertThat(chart).isEqualTo(result.chart());
        assertThat(chart.name()).isEqualTo("delivery");
        assertThat(chart.version()).isEqualTo("1.0.2");
        assertThat(chart.appVersion()).isEqualTo("v1.0.2");
        assertThat(Path.of(chart.archive())).exists().hasFileName("delivery-1.0.2.tgz");
        assertThat(chart.archiveDigest())
                .isEqualTo(RegistryClient.sha256(Files.readAllBytes(Path.of(chart.archive()))));
        assertThat(chart.rendered()).containsOnlyKeys("qa", "production");
        assertThat(Files.readString(Path.of(chart.rendered().get("qa"))))
                .contains("image: \"127.0.0.1:5000/delivery:v1.0.2\"");
        PolicyReport policy = records.read(BuildRecords.POLICY).orElseThrow();
        assertThat(policy.passed()).isTrue();
    }

    @Test
    void theSameChartPackagesToTheSameBytes() throws Exception {
        Path chart = chart(HARDENED);
        BuildRecords first = BuildRecords.in(work.resolve("first"));
        BuildRecords second = BuildRecords.in(work.resolve("second"));

        String a = new ChartStep(first, work, BuildLog.silent())
                .run(request(chart, List.of()))
                .chart()
                .archiveDigest();
        String b = new ChartStep(second, work, BuildLog.silent())
                .run(request(chart, List.of()))
                .chart()
                .archiveDigest();

        assertThat(a).isEqualTo(b);
    }

    @Test
    void aDigestPushedEarlierForThisVersionPinsTheRenderedImage() throws Exception {
        BuildRecords records = BuildRecords.in(work.resolve("target/cicd"));
        records.write(BuildRecords.PUSH, new PushRecord("127.0.0.1:5000/delivery:v1.0.2", DIGEST, null, null));

        ChartRecord chart = new ChartStep(records, work, BuildLog.silent())
                .run(request(chart(HARDENED), List.of()))
                .chart();

        assertThat(Files.readString(Path.of(chart.rendered().get("qa"))))
                .contains("image: \"127.0.0.1:5000/delivery@" + DIGEST + "\"");
    }

    @Test
    void aDigestOfAnotherVersionIsNotUsed() throws Exception {
        BuildRecords records = BuildRecords.in(work.resolve("target/cicd"));
        records.write(BuildRecords.PUSH, new PushRecord("127.0.0.1:5000/delivery:v1.0.1", DIGEST, null, null));

        ChartRecord chart = new ChartStep(records, work, BuildLog.silent())
                .run(request(chart(HARDENED), List.of()))
                .chart();

        assertThat(Files.readString(Path.of(chart.rendered().get("qa")))).doesNotContain(DIGEST);
    }

    @Test
    void policyViolationsAreRecordedNotThrownAndWaiversApply() throws Exception {
        BuildRecords records = BuildRecords.in(work.resolve("target/cicd"));
        Path chart = chart("");

        PolicyReport failing = new ChartStep(records, work, BuildLog.silent())
                .run(request(chart, List.of()))
                .policy();

        assertThat(failing.passed()).isFalse();
        assertThat(records.read(BuildRecords.POLICY).orElseThrow().violations()).isNotEmpty();
        assertThat(records.exists(BuildRecords.CHART)).isTrue();
        List<PolicyWaiver> all = failing.violations().stream()
                .map(v -> v.rule())
                .distinct()
                .map(rule -> new PolicyWaiver(rule, "a test chart", null))
                .toList();
        assertThat(new ChartStep(records, work, BuildLog.silent())
                        .run(request(chart, all))
                        .policy()
                        .passed())
                .isTrue();
    }

    @Test
    void aMissingChartSaysWhereItLookedAndHowToPointElsewhere() {
        BuildRecords records = BuildRecords.in(work.resolve("target/cicd"));

        assertThatThrownBy(() -> new ChartStep(records, work, BuildLog.silent())
                        .run(request(work.resolve("src/main/helm/nothing"), List.of())))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("no Helm chart at " + work.resolve("src/main/helm/nothing"))
                .hasMessageContaining("-Dcicd.chart");
        assertThat(records.exists(BuildRecords.CHART)).isFalse();
    }
}
