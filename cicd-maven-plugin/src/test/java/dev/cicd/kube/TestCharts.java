package dev.cicd.kube;

import java.nio.file.Files;
import java.nio.file.Path;

/** Charts the deploy tests install into the stand-in. */
public final class TestCharts {

    private TestCharts() {}

    /** A chart of one Deployment and one Service, with the pipeline's image values, in {@code work/chart}. */
    public static Path deployment(Path work) throws Exception {
        Path chart = Files.createDirectories(work.resolve("chart/templates")).getParent();
        Files.writeString(
                chart.resolve("Chart.yaml"), "apiVersion: v2\nname: delivery\nversion: 1.0.0\nappVersion: v1.0.0\n");
        Files.writeString(
                chart.resolve("values.yaml"), "image:\n  repository: x\n  tag: \"\"\n  digest: \"\"\nreason: \"\"\n");
        Files.writeString(chart.resolve("templates/deployment.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ .Release.Name }}
                  annotations:
                    kubernetes.io/change-cause: {{ .Values.reason | quote }}
                spec:
                  replicas: 2
                  selector:
                    matchLabels:
                      app: {{ .Release.Name }}
                  template:
                    metadata:
                      labels:
                        app: {{ .Release.Name }}
                    spec:
                      containers:
                        - name: app
                          image: "{{ .Values.image.repository }}{{ if .Values.image.digest }}@{{ .Values.image.digest }}{{ else }}:{{ .Values.image.tag }}{{ end }}"
                """);
        Files.writeString(chart.resolve("templates/service.yaml"), """
                apiVersion: v1
                kind: Service
                metadata:
                  name: {{ .Release.Name }}
                spec:
                  selector:
                    app: {{ .Release.Name }}
                  ports:
                    - port: 80
                """);
        return chart;
    }
}
