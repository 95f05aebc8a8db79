package dev.cicd.testkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.ReleaseHistory;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Helm (helm-java, Helm 3.21 in-process) against the stand-in: install, list, upgrade through
 * strategic merge patch, history, a failing rollout, uninstall. OpenAPI validation stays on.
 */
class HelmAgainstStandInTest {

    private static KubernetesStandIn standIn;
    private static KubernetesClient client;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        standIn = KubernetesStandIn.start();
        client = standIn.client();
    }

    @AfterAll
    static void stop() {
        standIn.close();
    }

    @Test
    void install_upgrade_history_and_uninstall_behave_as_on_a_cluster() throws IOException {
        Path chart = writeChart(work.resolve("delivery-chart"));
        Path kubeconfig = standIn.writeKubeconfig(work.resolve("kubeconfig"), "stand-in", "qa");

        Release installed = new Helm(chart)
                .install()
                .withName("delivery")
                .withNamespace("qa")
                .createNamespace()
                .withKubeConfig(kubeconfig)
                .set("image.tag", "v1")
                .set("changeCause", "deploy v1")
                .waitReady()
                .withTimeout(30)
                .call();
        assertThat(installed.getStatus()).isEqualTo("deployed");
        assertThat(installed.getRevision()).isEqualTo("1");

        List<Release> releases =
                Helm.list().withKubeConfig(kubeconfig).withNamespace("qa").call();
        assertThat(releases)
                .extracting(Release::getName, Release::getStatus)
                .containsExactly(tuple("delivery", "deployed"));
        Deployment first = client.apps()
                .deployments()
                .inNamespace("qa")
                .withName("delivery")
                .get();
        assertThat(first.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("nginx:v1");
        assertThat(first.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
        assertThat(client.services()
                        .inNamespace("qa")
                        .withName("delivery")
                        .get()
                        .getSpec()
                        .getClusterIP())
                .startsWith("10.96.");
        assertThat(client.serviceAccounts()
                        .inNamespace("qa")
                        .withName("delivery")
                        .get())
                .isNotNull();
        // Helm's release record, written as protobuf by client-go's typed client.
        assertThat(client.secrets()
                        .inNamespace("qa")
                        .withLabel("owner", "helm")
                        .withLabel("name", "delivery")
                        .list()
                        .getItems())
                .extracting(Secret::getType)
                .containsExactly("helm.sh/release.v1");

        Release upgraded = new Helm(chart)
                .upgrade()
                .withName("delivery")
                .withNamespace("qa")
                .withKubeConfig(kubeconfig)
                .set("image.tag", "v2")
                .set("changeCause", "deploy v2")
                .waitReady()
                .withTimeout(30)
                .call();
        assertThat(upgraded.getRevision()).isEqualTo("2");
        assertThat(upgraded.getStatus()).isEqualTo("deployed");
        Deployment second = client.apps()
                .deployments()
                .inNamespace("qa")
                .withName("delivery")
                .get();
        assertThat(second.getSpec().getTemplate().getSpec().getContainers())
                .singleElement()
                .satisfies(c -> assertThat(c.getImage()).isEqualTo("nginx:v2"))
                .satisfies(c -> assertThat(c.getEnv()).extracting("name").containsExactly("MODE", "REGION"));
        assertThat(second.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(second.getStatus().getObservedGeneration()).isEqualTo(2L);
        assertThat(second.getStatus().getUpdatedReplicas()).isEqualTo(2);
        assertThat(second.getStatus().getAvailableReplicas()).isEqualTo(2);
        ReplicaSet revisionTwo = replicaSet("qa", "2").orElseThrow();
        assertThat(revisionTwo.getMetadata().getAnnotations()).containsEntry("kubernetes.io/change-cause", "deploy v2");
        assertThat(revisionTwo
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("nginx:v2");
        assertThat(replicaSet("qa", "1").orElseThrow().getSpec().getReplicas()).isZero();

        List<ReleaseHistory> history = Helm.history("delivery")
                .withKubeConfig(kubeconfig)
                .withNamespace("qa")
                .call();
        assertThat(history)
                .extracting(ReleaseHistory::getRevision, ReleaseHistory::getStatus)
                .containsExactly(tuple(1, "superseded"), tuple(2, "deployed"));

        // A rollout that never becomes ready: Helm's --wait gives up, the Deployment says why.
        assertThatThrownBy(() -> new Helm(chart)
                        .upgrade()
                        .withName("delivery")
                        .withNamespace("qa")
                        .withKubeConfig(kubeconfig)
                        .set("image.tag", "v3-fail-rollout")
                        .set("changeCause", "deploy v3")
                        .waitReady()
                        .withTimeout(2)
                        .call())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("context deadline exceeded");
        Deployment failing = client.apps()
                .deployments()
                .inNamespace("qa")
                .withName("delivery")
                .get();
        assertThat(failing.getStatus().getConditions())
                .extracting(
                        DeploymentCondition::getType, DeploymentCondition::getStatus, DeploymentCondition::getReason)
                .contains(tuple("Progressing", "False", "ProgressDeadlineExceeded"));
        assertThat(failing.getStatus().getUpdatedReplicas())
                .isLessThan(failing.getStatus().getReplicas());
        String failingRs = replicaSet("qa", "3").orElseThrow().getMetadata().getName();
        List<Event> podEvents = standIn.events("qa").stream()
                .filter(e -> e.getInvolvedObject().getName().startsWith(failingRs))
                .toList();
        assertThat(podEvents)
                .extracting(Event::getType, Event::getReason)
                .contains(tuple("Warning", "Failed"), tuple("Warning", "BackOff"));
        assertThat(podEvents).anySatisfy(e -> assertThat(e.getMessage()).contains("nginx:v3-fail-rollout"));

        String uninstalled = Helm.uninstall("delivery")
                .withKubeConfig(kubeconfig)
                .withNamespace("qa")
                .call();
        assertThat(uninstalled).contains("uninstalled");
        assertThat(client.apps().deployments().inNamespace("qa").list().getItems())
                .isEmpty();
        assertThat(client.apps().replicaSets().inNamespace("qa").list().getItems())
                .isEmpty();
        assertThat(client.pods().inNamespace("qa").list().getItems()).isEmpty();
        assertThat(client.services().inNamespace("qa").list().getItems()).isEmpty();
        assertThat(client.serviceAccounts()
                        .inNamespace("qa")
                        .withName("delivery")
                        .get())
                .isNull();
        assertThat(client.secrets()
                        .inNamespace("qa")
                        .withLabel("owner", "helm")
                        .list()
                        .getItems())
                .isEmpty();
    }

    private static Optional<ReplicaSet> replicaSet(String namespace, String revision) {
        return client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
                .filter(rs ->
                        revision.equals(rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision")))
                .findFirst();
    }

    /** A small chart: a Deployment (with change-cause), a Service and a ServiceAccount. */
    static Path writeChart(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(
                dir.resolve("Chart.yaml"),
                "apiVersion: v2\nname: delivery\nversion: 0.1.0\n" + "appVersion: \"1.0\"\n");
        Files.writeString(
                dir.resolve("values.yaml"),
                "image:\n  repository: nginx\n  tag: latest\n" + "replicas: 2\nchangeCause: initial\n");
        Files.writeString(
                dir.resolve("templates/deployment.yaml"),
                String.join(
                        "\n",
                        "apiVersion: apps/v1",
                        "kind: Deployment",
                        "metadata:",
                        "  name: {{ .Release.Name }}",
                        "  labels:",
                        "    app.kubernetes.io/name: {{ .Chart.Name }}",
                        "    app.kubernetes.io/instance: {{ .Release.Name }}",
                        "  annotations:",
                        "    kubernetes.io/change-cause: {{ .Values.changeCause | quote }}",
                        "spec:",
                        "  replicas: {{ .Values.replicas }}",
                        "  selector:",
                        "    matchLabels:",
                        "      app.kubernetes.io/name: {{ .Chart.Name }}",
                        "      app.kubernetes.io/instance: {{ .Release.Name }}",
                        "  template:",
                        "    metadata:",
                        "      labels:",
                        "        app.kubernetes.io/name: {{ .Chart.Name }}",
                        "        app.kubernetes.io/instance: {{ .Release.Name }}",
                        "    spec:",
                        "      serviceAccountName: {{ .Release.Name }}",
                        "      containers:",
                        "        - name: {{ .Chart.Name }}",
                        "          image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"",
                        "          env:",
                        "            - name: MODE",
                        "              value: qa",
                        "            - name: REGION",
                        "              value: eu",
                        "          ports:",
                        "            - name: http",
                        "              containerPort: 8080",
                        ""));
        Files.writeString(
                dir.resolve("templates/service.yaml"),
                String.join(
                        "\n",
                        "apiVersion: v1",
                        "kind: Service",
                        "metadata:",
                        "  name: {{ .Release.Name }}",
                        "spec:",
                        "  selector:",
                        "    app.kubernetes.io/instance: {{ .Release.Name }}",
                        "  ports:",
                        "    - name: http",
                        "      port: 80",
                        "      targetPort: http",
                        ""));
        Files.writeString(
                dir.resolve("templates/serviceaccount.yaml"),
                String.join(
                        "\n",
                        "apiVersion: v1",
                        "kind: ServiceAccount",
                        "metadata:",
                        "  name: {{ .Release.Name }}",
                        ""));
        return dir;
    }
}
