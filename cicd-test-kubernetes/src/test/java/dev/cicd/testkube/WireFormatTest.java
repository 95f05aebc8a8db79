package dev.cicd.testkube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What clients see on the wire: discovery documents, OpenAPI, protobuf request bodies, JSON responses
 * with a Content-Type, typed list kinds, selectors and Status errors. Raw HTTP, as client-go sends it.
 */
class WireFormatTest {

    private static KubernetesStandIn standIn;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        standIn = KubernetesStandIn.start();
        standIn.createNamespace("wire");
    }

    @AfterAll
    static void stop() {
        standIn.close();
    }

    @Test
    void discovery_lists_core_and_group_resources_with_kinds_scopes_and_verbs() throws Exception {
        HttpResponse<String> api = get("/api?timeout=32s");
        assertThat(api.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(read(api).path("kind").asText()).isEqualTo("APIVersions");
        assertThat(read(api).path("versions").get(0).asText()).isEqualTo("v1");

        APIResourceList core =
                Serialization.unmarshal(get("/api/v1?timeout=32s").body(), APIResourceList.class);
        assertThat(core.getGroupVersion()).isEqualTo("v1");
        APIResource secrets = resource(core, "secrets");
        assertThat(secrets.getKind()).isEqualTo("Secret");
        assertThat(secrets.getNamespaced()).isTrue();
        assertThat(secrets.getSingularName()).isEqualTo("secret");
        assertThat(secrets.getVerbs()).contains("create", "get", "list", "watch", "patch", "update", "delete");
        assertThat(resource(core, "namespaces").getNamespaced()).isFalse();

        APIGroupList groups = Serialization.unmarshal(get("/apis?timeout=32s").body(), APIGroupList.class);
        assertThat(groups.getGroups())
                .extracting(g -> g.getName())
                .contains(
                        "apps",
                        "batch",
                        "networking.k8s.io",
                        "rbac.authorization.k8s.io",
                        "policy",
                        "autoscaling",
                        "authorization.k8s.io",
                        "authentication.k8s.io",
                        "coordination.k8s.io");
        assertThat(groups.getGroups())
                .filteredOn(g -> g.getName().equals("autoscaling"))
                .singleElement()
                .satisfies(g -> assertThat(g.getPreferredVersion().getVersion()).isEqualTo("v2"));

        APIResourceList apps =
                Serialization.unmarshal(get("/apis/apps/v1?timeout=32s").body(), APIResourceList.class);
        assertThat(resource(apps, "deployments").getKind()).isEqualTo("Deployment");
        assertThat(resource(apps, "deployments/status").getVerbs()).containsExactly("get", "patch", "update");
        assertThat(get("/apis/apps/v2?timeout=32s").statusCode()).isEqualTo(404);
        assertThat(read(get("/version")).path("gitVersion").asText()).startsWith("v1.");
    }

    @Test
    void fabric8_sees_the_served_groups() {
        assertThat(standIn.client().supports(Deployment.class)).isTrue();
        assertThat(standIn.client().getKubernetesVersion().getMajor()).isEqualTo("1");
        assertThat(standIn.client().getApiGroups().getGroups())
                .extracting(g -> g.getName())
                .contains("apps");
    }

    @Test
    void openapi_v3_is_absent_and_v2_is_an_empty_protobuf_document_so_client_validation_passes() throws Exception {
        assertThat(get("/openapi/v3?timeout=32s").statusCode()).isEqualTo(404);
        HttpResponse<String> v2 = HTTP.send(
                request("/openapi/v2?timeout=32s")
                        .header("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(v2.statusCode()).isEqualTo(200);
        assertThat(v2.body()).isEmpty();
    }

    @Test
    void a_protobuf_secret_is_stored_and_read_back_as_json() throws Exception {
        V1.Secret secret = V1.Secret.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder()
                        .setName("sh.helm.release.v1.demo.v1")
                        .putLabels("owner", "helm")
                        .putLabels("name", "demo")
                        .putLabels("status", "deployed"))
                .putData("release", ByteString.copyFromUtf8("H4sIAAAA"))
                .setType("helm.sh/release.v1")
                .build();

        HttpResponse<String> created = HTTP.send(
                request("/api/v1/namespaces/wire/secrets")
                        .header("Content-Type", "application/vnd.kubernetes.protobuf")
                        .header("Accept", "application/vnd.kubernetes.protobuf, */*")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(
                                protobufBody("v1", "Secret", secret.toByteString())))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Content-Type")).hasValue("application/json");
        Secret stored = standIn.client()
                .secrets()
                .inNamespace("wire")
                .withName("sh.helm.release.v1.demo.v1")
                .get();
        assertThat(stored.getType()).isEqualTo("helm.sh/release.v1");
        assertThat(stored.getData())
                .containsEntry(
                        "release", Base64.getEncoder().encodeToString("H4sIAAAA".getBytes(StandardCharsets.UTF_8)));
        assertThat(stored.getMetadata().getUid()).isNotBlank();

        // Helm finds its releases by label; the list must be a SecretList to decode.
        HttpResponse<String> listed = get("/api/v1/namespaces/wire/secrets?labelSelector=owner%3Dhelm%2Cname%3Ddemo");
        JsonNode list = read(listed);
        assertThat(list.path("kind").asText()).isEqualTo("SecretList");
        assertThat(list.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(list.path("metadata").path("resourceVersion").asText()).isNotEmpty();
        assertThat(list.path("items")).hasSize(1);
        assertThat(read(get("/api/v1/namespaces/wire/secrets?labelSelector=owner%3Dhelm%2Cname%3Dother"))
                        .path("items"))
                .isEmpty();
    }

    @Test
    void a_protobuf_configmap_update_replaces_the_stored_one() throws Exception {
        V1.ConfigMap first = V1.ConfigMap.newBuilder()
                .setMetadata(
                        Meta.ObjectMeta.newBuilder().setName("release-record").putLabels("owner", "helm"))
                .putData("release", "one")
                .build();
        HTTP.send(
                request("/api/v1/namespaces/wire/configmaps")
                        .header("Content-Type", "application/vnd.kubernetes.protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(
                                protobufBody("v1", "ConfigMap", first.toByteString())))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        V1.ConfigMap second = first.toBuilder().putData("release", "two").build();

        HttpResponse<String> updated = HTTP.send(
                request("/api/v1/namespaces/wire/configmaps/release-record")
                        .header("Content-Type", "application/vnd.kubernetes.protobuf")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(
                                protobufBody("v1", "ConfigMap", second.toByteString())))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(updated.statusCode()).isEqualTo(200);
        ConfigMap stored = standIn.client()
                .configMaps()
                .inNamespace("wire")
                .withName("release-record")
                .get();
        assertThat(stored.getData()).containsEntry("release", "two");
        assertThat(read(get("/api/v1/namespaces/wire/configmaps")).path("kind").asText())
                .isEqualTo("ConfigMapList");
    }

    @Test
    void errors_are_status_objects_and_missing_objects_are_not_found() throws Exception {
        HttpResponse<String> missing = get("/apis/apps/v1/namespaces/wire/deployments/nothing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode status = read(missing);
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("reason").asText()).isEqualTo("NotFound");
        assertThat(status.path("message").asText()).isEqualTo("deployments.apps \"nothing\" not found");
    }

    @Test
    void set_based_label_selectors_and_field_selectors_filter_lists() throws Exception {
        for (String tier : new String[] {"front", "back", "db"}) {
            standIn.client()
                    .configMaps()
                    .inNamespace("wire")
                    .resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("tier-" + tier)
                            .addToLabels("tier", tier)
                            .endMetadata()
                            .build())
                    .create();
        }
        assertThat(read(get("/api/v1/namespaces/wire/configmaps?labelSelector=tier%20in%20(front,db)"))
                        .path("items"))
                .extracting(i -> i.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder("tier-front", "tier-db");
        assertThat(read(get("/api/v1/namespaces/wire/configmaps?labelSelector=tier,tier%21%3Dback"))
                        .path("items"))
                .hasSize(2);
        assertThat(read(get("/api/v1/namespaces/wire/configmaps?fieldSelector=metadata.name%3Dtier-back"))
                        .path("items"))
                .hasSize(1);

        standIn.client()
                .v1()
                .events()
                .inNamespace("wire")
                .resource(new EventBuilder()
                        .withNewMetadata()
                        .withName("web.1")
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withKind("Pod")
                        .withName("web")
                        .endInvolvedObject()
                        .withReason("Started")
                        .withType("Normal")
                        .build())
                .create();
        assertThat(standIn.events("wire", "web")).extracting(e -> e.getReason()).containsExactly("Started");
        assertThat(standIn.events("wire", "other")).isEmpty();
    }

    private static APIResource resource(APIResourceList list, String name) {
        return list.getResources().stream()
                .filter(r -> r.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static byte[] protobufBody(String apiVersion, String kind, ByteString raw) throws IOException {
        Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
                .setTypeMeta(
                        Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(raw)
                .setContentEncoding("")
                .setContentType("")
                .build();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(new byte[] {'k', '8', 's', 0});
        unknown.writeTo(body);
        return body.toByteArray();
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(standIn.url() + path))
                .header("Authorization", "Bearer stand-in-admin-token");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode read(HttpResponse<String> response) {
        return Serialization.unmarshal(response.body(), JsonNode.class);
    }
}
