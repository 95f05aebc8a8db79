package dev.cicd.testkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stand-in's Deployment controller, seen through fabric8 as a cluster's would be. */
class DeploymentControllerTest {

    private static KubernetesStandIn standIn;
    private static KubernetesClient client;

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
    void a_new_deployment_is_rolled_out_at_once_with_a_replica_set_pods_and_status() {
        standIn.createNamespace("rollout");
        client.apps()
                .deployments()
                .inNamespace("rollout")
                .resource(deployment("web", "nginx:1", "first", 3))
                .create();

        Deployment web = client.apps()
                .deployments()
                .inNamespace("rollout")
                .withName("web")
                .get();
        assertThat(web.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(web.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
        assertThat(web.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(web.getStatus().getReplicas()).isEqualTo(3);
        assertThat(web.getStatus().getUpdatedReplicas()).isEqualTo(3);
        assertThat(web.getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(web.getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(web.getStatus().getUnavailableReplicas()).isNull();
        assertThat(web.getStatus().getConditions())
                .extracting(
                        DeploymentCondition::getType, DeploymentCondition::getStatus, DeploymentCondition::getReason)
                .containsExactly(
                        tuple("Available", "True", "MinimumReplicasAvailable"),
                        tuple("Progressing", "True", "NewReplicaSetAvailable"));
        assertThat(web.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");

        ReplicaSet rs = replicaSets("rollout").get(0);
        assertThat(rs.getMetadata().getName()).startsWith("web-");
        assertThat(rs.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(
                        o -> assertThat(o.getUid()).isEqualTo(web.getMetadata().getUid()))
                .satisfies(o -> assertThat(o.getController()).isTrue());
        assertThat(rs.getMetadata().getAnnotations()).containsEntry("kubernetes.io/change-cause", "first");
        assertThat(rs.getMetadata().getLabels()).containsKey("pod-template-hash");
        assertThat(rs.getStatus().getReadyReplicas()).isEqualTo(3);
        List<Pod> pods = client.pods()
                .inNamespace("rollout")
                .withLabel("app", "web")
                .list()
                .getItems();
        assertThat(pods)
                .hasSize(3)
                .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));

        // The status subresource serves the same status.
        JsonNode status = Serialization.unmarshal(
                client.raw(standIn.url() + "/apis/apps/v1/namespaces/rollout/deployments/web/status"), JsonNode.class);
        assertThat(status.at("/status/readyReplicas").asInt()).isEqualTo(3);
    }

    @Test
    void a_new_template_gets_a_new_revision_and_a_rollback_reuses_the_old_replica_set() {
        standIn.createNamespace("revisions");
        client.apps()
                .deployments()
                .inNamespace("revisions")
                .resource(deployment("api", "api:1", "deploy 1", 2))
                .create();

        patchImage("revisions", "api", "api:2", "deploy 2");
        Deployment second = client.apps()
                .deployments()
                .inNamespace("revisions")
                .withName("api")
                .get();
        assertThat(second.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(second.getStatus().getObservedGeneration()).isEqualTo(2L);
        assertThat(second.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
        assertThat(replicaSets("revisions"))
                .extracting(
                        this::revision, this::changeCause, rs -> rs.getSpec().getReplicas())
                .containsExactlyInAnyOrder(tuple("1", "deploy 1", 0), tuple("2", "deploy 2", 2));

        patchImage("revisions", "api", "api:1", "roll back to 1");
        assertThat(replicaSets("revisions")).hasSize(2);
        ReplicaSet reused = replicaSets("revisions").stream()
                .filter(rs -> revision(rs).equals("3"))
                .findFirst()
                .orElseThrow();
        assertThat(reused.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("api:1");
        assertThat(reused.getMetadata().getAnnotations())
                .containsEntry("deployment.kubernetes.io/revision-history", "1")
                .containsEntry("kubernetes.io/change-cause", "roll back to 1");
        assertThat(client.apps()
                        .deployments()
                        .inNamespace("revisions")
                        .withName("api")
                        .get()
                        .getMetadata()
                        .getAnnotations())
                .containsEntry("deployment.kubernetes.io/revision", "3");
    }

    @Test
    void a_metadata_only_change_keeps_the_generation_and_the_replica_set() {
        standIn.createNamespace("metadata-only");
        client.apps()
                .deployments()
                .inNamespace("metadata-only")
                .resource(deployment("svc", "svc:1", "one", 1))
                .create();

        client.apps()
                .deployments()
                .inNamespace("metadata-only")
                .withName("svc")
                .edit(d -> new DeploymentBuilder(d)
                        .editMetadata()
                        .addToLabels("team", "blue")
                        .endMetadata()
                        .build());

        Deployment svc = client.apps()
                .deployments()
                .inNamespace("metadata-only")
                .withName("svc")
                .get();
        assertThat(svc.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(replicaSets("metadata-only")).hasSize(1);
    }

    @Test
    void an_image_with_the_failure_marker_never_becomes_ready_and_says_why() {
        standIn.createNamespace("failing");
        client.apps()
                .deployments()
                .inNamespace("failing")
                .resource(deployment("pay", "pay:1", "good", 1))
                .create();

        patchImage("failing", "pay", "pay:2-fail-rollout", "bad");

        Deployment pay = client.apps()
                .deployments()
                .inNamespace("failing")
                .withName("pay")
                .get();
        assertThat(pay.getStatus().getReplicas()).isEqualTo(2);
        assertThat(pay.getStatus().getUpdatedReplicas()).isEqualTo(1);
        assertThat(pay.getStatus().getReadyReplicas()).isEqualTo(1);
        assertThat(pay.getStatus().getAvailableReplicas()).isEqualTo(1);
        assertThat(pay.getStatus().getUnavailableReplicas()).isEqualTo(1);
        assertThat(pay.getStatus().getConditions())
                .extracting(
                        DeploymentCondition::getType, DeploymentCondition::getStatus, DeploymentCondition::getReason)
                .containsExactly(
                        tuple("Available", "True", "MinimumReplicasAvailable"),
                        tuple("Progressing", "False", "ProgressDeadlineExceeded"));
        ReplicaSet bad = replicaSets("failing").stream()
                .filter(rs -> revision(rs).equals("2"))
                .findFirst()
                .orElseThrow();
        assertThat(pay.getStatus().getConditions().get(1).getMessage())
                .isEqualTo("ReplicaSet \"" + bad.getMetadata().getName() + "\" has timed out progressing.");

        Pod stuck = client.pods()
                .inNamespace("failing")
                .withLabel("pod-template-hash", bad.getMetadata().getLabels().get("pod-template-hash"))
                .list()
                .getItems()
                .get(0);
        assertThat(stuck.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(stuck.getStatus()
                        .getContainerStatuses()
                        .get(0)
                        .getState()
                        .getWaiting()
                        .getReason())
                .isEqualTo("ImagePullBackOff");
        List<Event> events = standIn.events("failing", stuck.getMetadata().getName());
        assertThat(events)
                .extracting(Event::getType, Event::getReason)
                .contains(tuple("Warning", "Failed"), tuple("Warning", "BackOff"));
        assertThat(events.get(0).getMessage()).startsWith("Failed to pull image \"pay:2-fail-rollout\"");
        assertThat(events.get(0).getInvolvedObject().getKind()).isEqualTo("Pod");

        // A fixed image rolls out and the failed ReplicaSet is scaled away.
        patchImage("failing", "pay", "pay:3", "fixed");
        Deployment fixed = client.apps()
                .deployments()
                .inNamespace("failing")
                .withName("pay")
                .get();
        assertThat(fixed.getStatus().getConditions().get(1).getReason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(fixed.getStatus().getReplicas()).isEqualTo(1);
        assertThat(client.pods().inNamespace("failing").list().getItems()).hasSize(1);
    }

    @Test
    void the_annotation_fails_a_rollout_after_the_configured_delay() throws Exception {
        standIn.createNamespace("delayed");
        standIn.setRolloutFailureDelay(Duration.ofMillis(300));
        try {
            Deployment marked = new DeploymentBuilder(deployment("slow", "slow:1", "x", 1))
                    .editSpec()
                    .editTemplate()
                    .editMetadata()
                    .addToAnnotations(KubernetesStandIn.FAIL_ROLLOUT_ANNOTATION, "true")
                    .endMetadata()
                    .endTemplate()
                    .endSpec()
                    .build();
            client.apps().deployments().inNamespace("delayed").resource(marked).create();

            assertThat(progressing("delayed", "slow"))
                    .extracting(DeploymentCondition::getStatus, DeploymentCondition::getReason)
                    .containsExactly("True", "ReplicaSetUpdated");
            client.apps()
                    .deployments()
                    .inNamespace("delayed")
                    .withName("slow")
                    .waitUntilCondition(
                            d -> d.getStatus().getConditions().stream()
                                    .anyMatch(c -> "ProgressDeadlineExceeded".equals(c.getReason())),
                            5,
                            TimeUnit.SECONDS);
            assertThat(client.apps()
                            .deployments()
                            .inNamespace("delayed")
                            .withName("slow")
                            .get()
                            .getStatus()
                            .getReadyReplicas())
                    .isNull();
        } finally {
            standIn.setRolloutFailureDelay(Duration.ZERO);
        }
    }

    @Test
    void the_failure_marker_can_be_changed() {
        standIn.createNamespace("marker");
        standIn.setRolloutFailureMarker("broken");
        try {
            client.apps()
                    .deployments()
                    .inNamespace("marker")
                    .resource(deployment("a", "a:fail-rollout", "x", 1))
                    .create();
            client.apps()
                    .deployments()
                    .inNamespace("marker")
                    .resource(deployment("b", "b:broken", "x", 1))
                    .create();
            assertThat(progressing("marker", "a").getReason()).isEqualTo("NewReplicaSetAvailable");
            assertThat(progressing("marker", "b").getReason()).isEqualTo("ProgressDeadlineExceeded");
        } finally {
            standIn.setRolloutFailureMarker(KubernetesStandIn.DEFAULT_FAILURE_MARKER);
        }
    }

    @Test
    void fabric8_waits_for_readiness_through_a_watch_and_deletion_collects_the_garbage() {
        standIn.createNamespace("lifecycle");
        client.apps()
                .deployments()
                .inNamespace("lifecycle")
                .resource(deployment("job", "job:1", "x", 2))
                .create();

        Deployment ready = client.apps()
                .deployments()
                .inNamespace("lifecycle")
                .withName("job")
                .waitUntilReady(5, TimeUnit.SECONDS);
        assertThat(ready.getStatus().getReadyReplicas()).isEqualTo(2);

        client.apps().deployments().inNamespace("lifecycle").withName("job").delete();
        assertThat(client.apps().replicaSets().inNamespace("lifecycle").list().getItems())
                .isEmpty();
        assertThat(client.pods().inNamespace("lifecycle").list().getItems()).isEmpty();
    }

    private DeploymentCondition progressing(String namespace, String name) {
        return client
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName(name)
                .get()
                .getStatus()
                .getConditions()
                .stream()
                .filter(c -> c.getType().equals("Progressing"))
                .findFirst()
                .orElseThrow();
    }

    private void patchImage(String namespace, String name, String image, String changeCause) {
        String patch = "{\"metadata\":{\"annotations\":{\"kubernetes.io/change-cause\":\"" + changeCause + "\"}},"
                + "\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"main\"}],"
                + "\"containers\":[{\"name\":\"main\",\"image\":\"" + image + "\"}]}}}}";
        client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(name)
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
    }

    private static List<ReplicaSet> replicaSets(String namespace) {
        return client.apps().replicaSets().inNamespace(namespace).list().getItems();
    }

    private String revision(ReplicaSet rs) {
        return rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision");
    }

    private String changeCause(ReplicaSet rs) {
        return rs.getMetadata().getAnnotations().get("kubernetes.io/change-cause");
    }

    static Deployment deployment(String name, String image, String changeCause, int replicas) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .addToAnnotations("kubernetes.io/change-cause", changeCause)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("main")
                .withImage(image)
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
