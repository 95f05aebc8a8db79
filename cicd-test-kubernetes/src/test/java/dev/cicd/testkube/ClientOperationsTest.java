package dev.cicd.testkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** fabric8 client calls against the stand-in: CRUD, the three patch types, status subresource, namespaces. */
class ClientOperationsTest {

    private static KubernetesStandIn standIn;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        standIn = KubernetesStandIn.start();
        client = standIn.client();
        standIn.createNamespace("ops");
    }

    @AfterAll
    static void stop() {
        standIn.close();
    }

    @Test
    void create_get_list_update_and_delete_work_with_resource_versions() {
        ConfigMap created = client.configMaps()
                .inNamespace("ops")
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("settings")
                        .addToLabels("app", "demo")
                        .endMetadata()
                        .addToData("a", "1")
                        .build())
                .create();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getCreationTimestamp()).isNotBlank();

        assertThat(client.configMaps()
                        .inNamespace("ops")
                        .withLabel("app", "demo")
                        .list()
                        .getItems())
                .hasSize(1);
        ConfigMap updated = client.configMaps()
                .inNamespace("ops")
                .resource(new ConfigMapBuilder(created).addToData("b", "2").build())
                .update();
        assertThat(updated.getData()).containsEntry("b", "2");
        assertThat(updated.getMetadata().getResourceVersion())
                .isNotEqualTo(created.getMetadata().getResourceVersion());

        // An update based on an old resourceVersion conflicts, as optimistic locking requires.
        assertThatThrownBy(() -> client.configMaps()
                        .inNamespace("ops")
                        .resource(new ConfigMapBuilder(created)
                                .addToData("c", "3")
                                .build())
                        .update())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(409));
        assertThatThrownBy(() ->
                        client.configMaps().inNamespace("ops").resource(created).create())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(409));

        client.configMaps().inNamespace("ops").withName("settings").delete();
        assertThat(client.configMaps().inNamespace("ops").withName("settings").get())
                .isNull();
    }

    @Test
    void strategic_merge_json_merge_and_json_patches_apply() {
        client.apps()
                .deployments()
                .inNamespace("ops")
                .resource(DeploymentControllerTest.deployment("patched", "p:1", "x", 1))
                .create();
        var resource = client.apps().deployments().inNamespace("ops").withName("patched");

        resource.patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"image\":\"s:1\"}]}}}}");
        assertThat(resource.get().getSpec().getTemplate().getSpec().getContainers())
                .extracting("name")
                .containsExactly("sidecar", "main");

        resource.patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"only\",\"image\":\"o:1\"}]}}}}");
        assertThat(resource.get().getSpec().getTemplate().getSpec().getContainers())
                .extracting("name")
                .containsExactly("only");

        resource.patch(
                PatchContext.of(PatchType.JSON), "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4}]");
        assertThat(resource.get().getSpec().getReplicas()).isEqualTo(4);

        Deployment edited = resource.edit(d -> new DeploymentBuilder(d)
                .editMetadata()
                .addToLabels("edited", "yes")
                .endMetadata()
                .build());
        assertThat(edited.getMetadata().getLabels()).containsEntry("edited", "yes");
    }

    @Test
    void server_side_apply_creates_and_then_updates() {
        ConfigMap applied = new ConfigMapBuilder()
                .withNewMetadata()
                .withName("applied")
                .endMetadata()
                .addToData("k", "1")
                .build();
        client.configMaps().inNamespace("ops").resource(applied).serverSideApply();
        client.configMaps()
                .inNamespace("ops")
                .resource(new ConfigMapBuilder(applied).addToData("k", "2").build())
                .serverSideApply();

        assertThat(client.configMaps()
                        .inNamespace("ops")
                        .withName("applied")
                        .get()
                        .getData())
                .containsEntry("k", "2");
    }

    @Test
    void status_changes_only_through_the_status_subresource() {
        Service service = client.services()
                .inNamespace("ops")
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("lb")
                        .endMetadata()
                        .withNewSpec()
                        .withType("LoadBalancer")
                        .addNewPort()
                        .withPort(80)
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        assertThat(service.getSpec().getClusterIP()).startsWith("10.96.");
        assertThat(service.getSpec().getPorts().get(0).getNodePort()).isPositive();

        Service withStatus = new ServiceBuilder(service)
                .withNewStatus()
                .withNewLoadBalancer()
                .withIngress(
                        new LoadBalancerIngressBuilder().withIp("192.0.2.10").build())
                .endLoadBalancer()
                .endStatus()
                .build();
        client.services().inNamespace("ops").resource(withStatus).update();
        assertThat(client.services()
                        .inNamespace("ops")
                        .withName("lb")
                        .get()
                        .getStatus()
                        .getLoadBalancer()
                        .getIngress())
                .isNullOrEmpty();

        client.services()
                .inNamespace("ops")
                .withName("lb")
                .editStatus(s ->
                        new ServiceBuilder(s).withStatus(withStatus.getStatus()).build());
        assertThat(client.services()
                        .inNamespace("ops")
                        .withName("lb")
                        .get()
                        .getStatus()
                        .getLoadBalancer()
                        .getIngress())
                .extracting("ip")
                .containsExactly("192.0.2.10");
    }

    @Test
    void writes_into_a_missing_namespace_fail_and_a_deleted_namespace_takes_its_objects_along() {
        ConfigMap orphan = new ConfigMapBuilder()
                .withNewMetadata()
                .withName("lost")
                .endMetadata()
                .build();
        assertThatThrownBy(() -> client.configMaps()
                        .inNamespace("nowhere")
                        .resource(orphan)
                        .create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("namespaces \"nowhere\" not found");
                });

        standIn.createNamespace("short-lived");
        assertThat(client.namespaces().withName("short-lived").get().getStatus().getPhase())
                .isEqualTo("Active");
        client.configMaps().inNamespace("short-lived").resource(orphan).create();
        client.namespaces().withName("short-lived").delete();
        assertThat(client.configMaps().inNamespace("short-lived").list().getItems())
                .isEmpty();
        assertThat(client.namespaces().withName("short-lived").get()).isNull();
    }

    @Test
    void a_cluster_looks_bootstrapped() {
        assertThat(client.namespaces().list().getItems())
                .extracting(n -> n.getMetadata().getName())
                .contains("default", "kube-system", "kube-public");
        assertThat(client.nodes().list().getItems()).hasSize(1);
        assertThat(client.services()
                        .inNamespace("default")
                        .withName("kubernetes")
                        .get()
                        .getSpec()
                        .getClusterIP())
                .isEqualTo("10.96.0.1");
    }
}
