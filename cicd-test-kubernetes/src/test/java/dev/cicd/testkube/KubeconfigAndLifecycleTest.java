package dev.cicd.testkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubeconfig the stand-in writes works for fabric8, and named stand-ins can be found and closed. */
class KubeconfigAndLifecycleTest {

    @Test
    void the_written_kubeconfig_points_a_client_at_the_stand_in_as_the_restricted_user(@TempDir Path dir)
            throws Exception {
        try (KubernetesStandIn standIn = KubernetesStandIn.start()) {
            Path file = standIn.writeKubeconfig(dir.resolve("nested/kubeconfig"), "stand-in", "qa");
            assertThat(Files.readString(file))
                    .contains("server: " + standIn.url())
                    .contains("namespace: qa");
            assertThat(standIn.url()).startsWith("http://127.0.0.1:");

            Config config = Config.fromKubeconfig("stand-in", Files.readString(file), file.toString());
            try (KubernetesClient client =
                    new KubernetesClientBuilder().withConfig(config).build()) {
                assertThat(client.getNamespace()).isEqualTo("qa");
                assertThat(client.namespaces().withName("default").get()).isNotNull();
                standIn.denyAll();
                assertThatThrownBy(() -> client.namespaces().withName("default").get())
                        .hasMessageContaining("Forbidden");
            }
        }
    }

    @Test
    void a_named_stand_in_is_found_until_closed() {
        KubernetesStandIn started = KubernetesStandIn.startNamed("invoker-it");
        assertThat(KubernetesStandIn.named("invoker-it")).isSameAs(started);
        started.close();
        assertThatThrownBy(() -> KubernetesStandIn.named("invoker-it")).isInstanceOf(IllegalStateException.class);
    }
}
