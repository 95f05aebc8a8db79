package dev.cicd.testkube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Answers HTTP requests the way the API server would, delegating storage to fabric8's CRUD dispatcher
 * and adding what real clients need from a cluster: discovery, OpenAPI, protobuf bodies, typed list
 * kinds, the patch types, status subresources, defaults, garbage collection, access reviews, and the
 * Deployment controller. See DESIGN.md, "Kubernetes in tests".
 */
final class StandInDispatcher extends Dispatcher {

    static final String ADMIN_TOKEN = "stand-in-admin-token";
    static final String USER_TOKEN = "stand-in-user-token";
    static final String KUBERNETES_VERSION = "v1.34.0";

    private static final String JSON = "application/json";
    private static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final String JSON_PATCH = "application/json-patch+json";
    private static final String APPLY_PATCH = "application/apply-patch+yaml";
    private static final String OPENAPI_V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    /** A request for a resource: its type, namespace, name and subresource (the last two may be null). */
    private record Target(ApiCatalog.ResourceType type, String namespace, String name, String subresource) {
        String objectPath() {
            return type.objectPath(namespace, name);
        }
    }

    /** An error the API server reports as a Status object. */
    static final class ApiException extends RuntimeException {
        private final int code;
        private final String reason;
        private final String kind;
        private final String name;

        ApiException(int code, String reason, String message, String kind, String name) {
            super(message);
            this.code = code;
            this.reason = reason;
            this.kind = kind;
            this.name = name;
        }

        MockResponse toResponse() {
            return statusResponse(code, reason, getMessage(), kind, name);
        }
    }

    private final ApiCatalog catalog;
    private final KubernetesCrudDispatcher crud;
    private final ObjectStore store;
    private final AccessRules access;
    private final DeploymentController deployments;
    /** One request (or delayed controller task) at a time: patches and controllers read, then write. */
    private final ReentrantLock lock = new ReentrantLock();

    private final AtomicInteger nextServiceIp = new AtomicInteger(10);
    private final AtomicInteger nextNodePort = new AtomicInteger(30000);
    private volatile String serverAddress = "127.0.0.1:0";

    StandInDispatcher(ApiCatalog catalog, AccessRules access, java.util.function.BiConsumer<Duration, Runnable> later) {
        this.catalog = catalog;
        this.crud = new KubernetesCrudDispatcher();
        this.store = new ObjectStore(crud);
        this.access = access;
        this.deployments =
                new DeploymentController(store, catalog, (delay, task) -> later.accept(delay, () -> locked(task)));
    }

    DeploymentController deploymentController() {
        return deployments;
    }

    ObjectStore store() {
        return store;
    }

    void setServerAddress(String hostAndPort) {
        this.serverAddress = hostAndPort;
    }

    void locked(Runnable task) {
        lock.lock();
        try {
            task.run();
        } finally {
            lock.unlock();
        }
    }

    /** What a new cluster has: the system namespaces, the kubernetes Service and one ready node. */
    void bootstrap() {
        locked(() -> {
            for (String namespace : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
                ObjectNode ns = Json.object();
                ns.put("apiVersion", "v1");
                ns.put("kind", "Namespace");
                Json.metadata(ns).put("name", namespace);
                Json.child(Json.metadata(ns), "labels").put("kubernetes.io/metadata.name", namespace);
                ns.putObject("status").put("phase", "Active");
                store.create("/api/v1/namespaces", ns);
            }
            ObjectNode service = (ObjectNode) ObjectStore.read("{\"apiVersion\":\"v1\",\"kind\":\"Service\","
                    + "\"metadata\":{\"name\":\"kubernetes\",\"namespace\":\"default\",\"labels\":{\"component\":\"apiserver\","
                    + "\"provider\":\"kubernetes\"}},\"spec\":{\"clusterIP\":\"10.96.0.1\",\"clusterIPs\":[\"10.96.0.1\"],"
                    + "\"type\":\"ClusterIP\",\"ports\":[{\"name\":\"https\",\"port\":443,\"protocol\":\"TCP\","
                    + "\"targetPort\":6443}]}}");
            store.create("/api/v1/namespaces/default/services", service);
            ObjectNode node = (ObjectNode) ObjectStore.read("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{"
                    + "\"name\":\"" + DeploymentController.NODE_NAME + "\",\"labels\":{\"kubernetes.io/hostname\":\""
                    + DeploymentController.NODE_NAME + "\",\"kubernetes.io/os\":\"linux\"}},\"spec\":{},\"status\":{"
                    + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\","
                    + "\"message\":\"kubelet is posting ready status\"}],\"nodeInfo\":{\"kubeletVersion\":\""
                    + KUBERNETES_VERSION + "\",\"operatingSystem\":\"linux\",\"architecture\":\"amd64\"}}}");
            store.create("/api/v1/nodes", node);
        });
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        lock.lock();
        try {
            return finish(handle(request));
        } catch (ApiException e) {
            return e.toResponse();
        } catch (StrategicMergePatch.PatchException e) {
            return statusResponse(
                    e.httpStatus(), e.httpStatus() == 422 ? "Invalid" : "BadRequest", e.getMessage(), null, null);
        } catch (IllegalArgumentException e) {
            return statusResponse(400, "BadRequest", e.getMessage(), null, null);
        } catch (RuntimeException e) {
            return statusResponse(500, "InternalError", "stand-in failed: " + e, null, null);
        } finally {
            lock.unlock();
        }
    }

    private MockResponse handle(RecordedRequest request) {
        String uri = request.getPath();
        int queryStart = uri.indexOf('?');
        String path = queryStart < 0 ? uri : uri.substring(0, queryStart);
        Map<String, String> query = parseQuery(queryStart < 0 ? "" : uri.substring(queryStart + 1));
        HttpMethod method = request.method();

        if (method == HttpMethod.GET) {
            MockResponse nonResource = nonResourceGet(path, request);
            if (nonResource != null) {
                return nonResource;
            }
        }
        Target target = parseTarget(path);
        if (target == null) {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource", null, null);
        }
        boolean watch = "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
        if (!isAdmin(request)) {
            authorize(verb(method, target, watch), target);
        }
        String group = target.type().group();
        if (method == HttpMethod.POST
                && (group.equals("authorization.k8s.io") || group.equals("authentication.k8s.io"))) {
            return review(target, readBody(request), isAdmin(request));
        }
        switch (method) {
            case GET:
                if (watch) {
                    return crud.dispatch(request);
                }
                return target.name() == null ? list(target, query) : get(target);
            case POST:
                return create(target, readBody(request));
            case PUT:
                return replace(target, readBody(request));
            case PATCH:
                return patch(target, request);
            case DELETE:
                return target.name() == null ? deleteCollection(target, query) : delete(target, request, query);
            default:
                throw new ApiException(405, "MethodNotAllowed", "method " + method + " is not supported", null, null);
        }
    }

    // ---------------------------------------------------------------- discovery, version, OpenAPI

    private MockResponse nonResourceGet(String path, RecordedRequest request) {
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        String[] parts = trimmed.substring(1).split("/");
        switch (trimmed) {
            case "/":
                List<String> paths = new ArrayList<>(List.of(
                        "/api", "/api/v1", "/apis", "/healthz", "/livez", "/openapi/v2", "/readyz", "/version"));
                catalog.groups().getGroups().forEach(g -> {
                    paths.add("/apis/" + g.getName());
                    g.getVersions().forEach(v -> paths.add("/apis/" + v.getGroupVersion()));
                });
                return json(200, Serialization.asJson(Map.of("paths", paths)));
            case "/version":
                Map<String, String> version = new LinkedHashMap<>();
                version.put("major", "1");
                version.put("minor", KUBERNETES_VERSION.split("\\.")[1]);
                version.put("gitVersion", KUBERNETES_VERSION);
                version.put("gitCommit", "0000000000000000000000000000000000000000");
                version.put("gitTreeState", "clean");
                version.put("buildDate", "2025-08-27T00:00:00Z");
                version.put("goVersion", "go1.24.6");
                version.put("compiler", "gc");
                version.put("platform", "linux/amd64");
                return json(200, Serialization.asJson(version));
            case "/api":
                return json(200, Serialization.asJson(catalog.coreVersions(serverAddress)));
            case "/api/v1":
                return json(200, Serialization.asJson(catalog.resources("", "v1")));
            case "/apis":
                return json(200, Serialization.asJson(catalog.groups()));
            case "/healthz":
            case "/livez":
            case "/readyz":
                return new MockResponse()
                        .setResponseCode(200)
                        .setHeader("Content-Type", "text/plain")
                        .setBody("ok");
            case "/openapi/v2":
                return openApiV2(request);
            default:
                break;
        }
        if (trimmed.startsWith("/openapi/v3")) {
            // An API server without OpenAPI v3: kubectl's validation falls back to v2 on NotFound.
            throw new ApiException(404, "NotFound", "the server could not find the requested resource", null, null);
        }
        if (parts[0].equals("apis") && parts.length == 2) {
            return catalog.group(parts[1])
                    .map(g -> json(200, Serialization.asJson(g)))
                    .orElseThrow(() -> new ApiException(
                            404, "NotFound", "the server could not find the requested resource", null, null));
        }
        if (parts[0].equals("apis") && parts.length == 3) {
            if (!catalog.servesGroupVersion(parts[1], parts[2])) {
                throw new ApiException(404, "NotFound", "the server could not find the requested resource", null, null);
            }
            return json(200, Serialization.asJson(catalog.resources(parts[1], parts[2])));
        }
        return null;
    }

    /**
     * An OpenAPI v2 document without definitions. client-go asks for it as protobuf (gnostic's Document);
     * the empty message is a valid one, and kubectl's validation (which Helm runs) skips kinds it has no
     * schema for, so rendered manifests pass as they would against a cluster whose schema accepts them.
     */
    private static MockResponse openApiV2(RecordedRequest request) {
        String accept = request.getHeader("Accept");
        if (accept != null && accept.contains("protobuf")) {
            return new MockResponse()
                    .setResponseCode(200)
                    .setHeader("Content-Type", OPENAPI_V2_PROTOBUF)
                    .setBody(new byte[0]);
        }
        return json(
                200,
                "{\"swagger\":\"2.0\",\"info\":{\"title\":\"Kubernetes\",\"version\":\"" + KUBERNETES_VERSION
                        + "\"},\"paths\":{},\"definitions\":{}}");
    }

    // ---------------------------------------------------------------- reads

    private MockResponse get(Target target) {
        MockResponse response = store.send(HttpMethod.GET, target.objectPath(), null);
        if (response.code() == 404 || target.subresource() != null && !isServedSubresource(target)) {
            throw notFound(target);
        }
        return response;
    }

    private static boolean isServedSubresource(Target target) {
        return "status".equals(target.subresource()) && target.type().hasStatus();
    }

    private MockResponse list(Target target, Map<String, String> query) {
        Predicate<JsonNode> selected =
                Selectors.labels(query.get("labelSelector")).and(Selectors.fields(query.get("fieldSelector")));
        MockResponse response = store.send(HttpMethod.GET, target.type().collectionPath(target.namespace()), null);
        JsonNode stored = ObjectStore.read(ObjectStore.bodyText(response));
        ArrayNode items = Json.array();
        for (JsonNode item : stored.path("items")) {
            if (target.type().kind().equals(item.path("kind").asText()) && selected.test(item)) {
                items.add(item);
            }
        }
        ObjectNode list = Json.object();
        list.put("apiVersion", target.type().groupVersion());
        // Typed clients (client-go's, so Helm's) decode by kind: "List" leaves them with nothing.
        list.put("kind", target.type().kind() + "List");
        list.putObject("metadata")
                .put(
                        "resourceVersion",
                        stored.path("metadata").path("resourceVersion").asText("0"));
        list.set("items", items);
        return json(200, Serialization.asJson(list));
    }

    // ---------------------------------------------------------------- writes

    private MockResponse create(Target target, ObjectNode object) {
        if (target.name() != null) {
            throw new ApiException(
                    405,
                    "MethodNotAllowed",
                    "the server does not allow this method on the requested " + "resource",
                    target.type().plural(),
                    target.name());
        }
        requireNamespace(target);
        fillTypeMeta(target, object);
        ApiCatalog.ResourceType type = target.type();
        if (type.hasStatus()) {
            // Status belongs to controllers: a create (like an update) cannot set it.
            object.remove("status");
        }
        switch (type.kind()) {
            case "Namespace":
                Json.child(Json.metadata(object), "labels")
                        .put("kubernetes.io/metadata.name", Json.text(object, "metadata", "name"));
                object.putObject("status").put("phase", "Active");
                break;
            case "Service":
                allocateServiceAddresses(object, null);
                object.putObject("status").putObject("loadBalancer");
                break;
            case "Deployment":
                DeploymentController.applyDefaults(object);
                break;
            default:
                break;
        }
        MockResponse response = store.send(HttpMethod.POST, type.collectionPath(target.namespace()), object);
        if (response.code() == 201 && type.kind().equals("Deployment")) {
            deployments.reconcile(target.namespace(), Json.text(ObjectStore.parse(response), "metadata", "name"));
        }
        return response;
    }

    private MockResponse replace(Target target, ObjectNode object) {
        ObjectNode current = existing(target);
        fillTypeMeta(target, object);
        return write(target, current, object);
    }

    private MockResponse patch(Target target, RecordedRequest request) {
        String contentType = mediaType(request.getHeader("Content-Type"));
        String body = new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
        ObjectNode current = store.get(target.objectPath());
        if (current == null && APPLY_PATCH.equals(contentType)) {
            // Server-side apply creates what does not exist yet.
            ObjectNode applied = (ObjectNode) Serialization.unmarshal(body, JsonNode.class);
            return create(new Target(target.type(), target.namespace(), null, null), applied);
        }
        if (current == null) {
            throw notFound(target);
        }
        JsonNode patched;
        switch (contentType == null ? "" : contentType) {
            case STRATEGIC_MERGE_PATCH:
                patched = StrategicMergePatch.apply(
                        current, ObjectStore.read(body), target.type().kind());
                break;
            case MERGE_PATCH:
                patched = JsonMergePatch.apply(current, ObjectStore.read(body));
                break;
            case JSON_PATCH:
                try {
                    patched = JsonPatch.apply(ObjectStore.read(body), current);
                } catch (JsonPatchException e) {
                    throw new ApiException(
                            422,
                            "Invalid",
                            "the JSON patch could not be applied: " + e.getMessage(),
                            target.type().plural(),
                            target.name());
                }
                break;
            case APPLY_PATCH:
                // Approximation of server-side apply: the applied configuration merged like a strategic patch.
                patched = StrategicMergePatch.apply(
                        current,
                        Serialization.unmarshal(body, JsonNode.class),
                        target.type().kind());
                break;
            default:
                throw new ApiException(
                        415,
                        "UnsupportedMediaType",
                        "the body of the request was in an unknown format - "
                                + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
                                + "application/apply-patch+yaml, application/strategic-merge-patch+json",
                        null,
                        null);
        }
        if (!patched.isObject()) {
            throw new ApiException(
                    422,
                    "Invalid",
                    "the patch did not produce an object",
                    target.type().plural(),
                    target.name());
        }
        MockResponse response = write(target, current, (ObjectNode) patched);
        return response.code() == 201 ? response.setResponseCode(200) : response;
    }

    /** Stores a new state of an existing object the way PUT and PATCH both do. */
    private MockResponse write(Target target, ObjectNode current, ObjectNode updated) {
        ApiCatalog.ResourceType type = target.type();
        if ("status".equals(target.subresource())) {
            if (!type.hasStatus()) {
                throw notFound(target);
            }
            return store.send(HttpMethod.PUT, target.objectPath() + "/status", updated);
        }
        if (target.subresource() != null) {
            throw notFound(target);
        }
        if (type.hasStatus()) {
            // Writes to the main resource ignore status; it changes through the status subresource only.
            if (current.has("status")) {
                updated.set("status", current.get("status"));
            } else {
                updated.remove("status");
            }
        }
        switch (type.kind()) {
            case "Service":
                allocateServiceAddresses(updated, current);
                break;
            case "Deployment":
                DeploymentController.applyDefaults(updated);
                break;
            default:
                break;
        }
        MockResponse response = store.send(HttpMethod.PUT, target.objectPath(), updated);
        if (response.code() == 200 && type.kind().equals("Deployment")) {
            deployments.reconcile(target.namespace(), target.name());
        }
        return response;
    }

    private MockResponse delete(Target target, RecordedRequest request, Map<String, String> query) {
        if (target.subresource() != null) {
            throw notFound(target);
        }
        ObjectNode current = existing(target);
        String propagation = query.get("propagationPolicy");
        byte[] body =
                request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        if (propagation == null && body.length > 0 && body[0] == '{') {
            propagation = Json.text(ObjectStore.read(new String(body, StandardCharsets.UTF_8)), "propagationPolicy");
        }
        MockResponse response = store.send(HttpMethod.DELETE, target.objectPath(), null);
        if (target.type().kind().equals("Namespace")) {
            deleteNamespaceContents(target.name());
        }
        if (!"Orphan".equals(propagation)) {
            collectGarbage();
        }
        return response.getBody() == null || response.getBody().size() == 0
                ? json(200, Serialization.asJson(current))
                : response;
    }

    private MockResponse deleteCollection(Target target, Map<String, String> query) {
        MockResponse listed = list(target, query);
        JsonNode items = ObjectStore.read(ObjectStore.bodyText(listed)).path("items");
        for (JsonNode item : items) {
            store.delete(target.type()
                    .objectPath(Json.text(item, "metadata", "namespace"), Json.text(item, "metadata", "name")));
        }
        collectGarbage();
        return listed;
    }

    /** The namespace controller: a deleted namespace takes everything in it along. */
    private void deleteNamespaceContents(String namespace) {
        for (ObjectNode object : store.all()) {
            if (namespace.equals(Json.text(object, "metadata", "namespace"))) {
                deleteStored(object);
            }
        }
    }

    /**
     * The garbage collector, in background propagation: objects all of whose owners are gone are deleted,
     * repeatedly, so a Deployment takes its ReplicaSets and their Pods along.
     */
    private void collectGarbage() {
        boolean deleted = true;
        while (deleted) {
            deleted = false;
            List<ObjectNode> all = store.all();
            Set<String> uids = new HashSet<>();
            all.forEach(o -> uids.add(Json.text(o, "metadata", "uid")));
            for (ObjectNode object : all) {
                JsonNode owners = object.path("metadata").path("ownerReferences");
                if (!owners.isArray() || owners.isEmpty()) {
                    continue;
                }
                boolean orphaned = true;
                for (JsonNode owner : owners) {
                    orphaned &= !uids.contains(owner.path("uid").asText());
                }
                if (orphaned) {
                    deleteStored(object);
                    deleted = true;
                }
            }
        }
    }

    private void deleteStored(ObjectNode object) {
        catalog.byKind(object.path("apiVersion").asText(), object.path("kind").asText())
                .ifPresent(type -> store.delete(type.objectPath(
                        Json.text(object, "metadata", "namespace"), Json.text(object, "metadata", "name"))));
    }

    /** Cluster IPs and node ports are assigned by the API server; Helm's --wait needs a cluster IP. */
    private void allocateServiceAddresses(ObjectNode service, ObjectNode current) {
        ObjectNode spec = Json.child(service, "spec");
        if (!spec.hasNonNull("type")) {
            spec.put("type", "ClusterIP");
        }
        String type = spec.path("type").asText();
        if (type.equals("ExternalName")) {
            return;
        }
        if (!spec.hasNonNull("clusterIP") || spec.path("clusterIP").asText().isEmpty()) {
            String ip = current != null && current.path("spec").hasNonNull("clusterIP")
                    ? current.path("spec").path("clusterIP").asText()
                    : nextClusterIp();
            spec.put("clusterIP", ip);
        }
        if (!spec.has("clusterIPs")) {
            spec.putArray("clusterIPs").add(spec.path("clusterIP").asText());
        }
        if (!spec.has("sessionAffinity")) {
            spec.put("sessionAffinity", "None");
        }
        if (!spec.has("ipFamilies") && !"None".equals(spec.path("clusterIP").asText())) {
            spec.putArray("ipFamilies").add("IPv4");
            spec.put("ipFamilyPolicy", "SingleStack");
        }
        for (JsonNode port : spec.path("ports")) {
            ObjectNode p = (ObjectNode) port;
            if (!p.has("protocol")) {
                p.put("protocol", "TCP");
            }
            if (!p.has("targetPort") && p.has("port")) {
                p.set("targetPort", p.get("port"));
            }
            if ((type.equals("NodePort") || type.equals("LoadBalancer")) && !p.has("nodePort")) {
                p.put("nodePort", nextNodePort.getAndIncrement());
            }
        }
    }

    private String nextClusterIp() {
        int n = nextServiceIp.getAndIncrement();
        return "10.96." + (n / 254) + "." + (n % 254 + 1);
    }

    // ---------------------------------------------------------------- access reviews

    private MockResponse review(Target target, ObjectNode review, boolean admin) {
        fillTypeMeta(target, review);
        ObjectNode status = review.putObject("status");
        String username = admin ? "kubernetes-admin" : access.username();
        List<String> groups = admin ? List.of("system:masters", "system:authenticated") : access.groups();
        switch (target.type().plural()) {
            case "selfsubjectreviews":
            case "tokenreviews":
                if (target.type().plural().equals("tokenreviews")) {
                    status.put("authenticated", true);
                }
                ObjectNode userInfo =
                        status.putObject(target.type().plural().equals("tokenreviews") ? "user" : "userInfo");
                userInfo.put("username", username);
                ArrayNode groupArray = userInfo.putArray("groups");
                groups.forEach(groupArray::add);
                break;
            case "selfsubjectaccessreviews":
            case "subjectaccessreviews":
            case "localsubjectaccessreviews":
                JsonNode attributes = review.path("spec").path("resourceAttributes");
                boolean allowed;
                if (attributes.isObject()) {
                    String resource = attributes.path("resource").asText("");
                    String subresource = attributes.path("subresource").asText("");
                    allowed = admin
                            || access.isAllowed(
                                    attributes.path("verb").asText(""),
                                    attributes.path("group").asText(""),
                                    subresource.isEmpty() ? resource : resource + "/" + subresource,
                                    attributes.path("namespace").asText(""));
                } else {
                    JsonNode nonResource = review.path("spec").path("nonResourceAttributes");
                    allowed = admin
                            || access.isAllowed(
                                    nonResource.path("verb").asText(""),
                                    "",
                                    nonResource.path("path").asText(""),
                                    "");
                }
                status.put("allowed", allowed);
                if (allowed) {
                    status.put(
                            "reason",
                            admin ? "the stand-in's admin may do anything" : "allowed by the stand-in's rules");
                }
                break;
            case "selfsubjectrulesreviews":
                status.putArray("resourceRules");
                status.putArray("nonResourceRules");
                status.put("incomplete", true);
                status.put("evaluationError", "the stand-in does not list rules");
                break;
            default:
                throw notFound(target);
        }
        return json(201, Serialization.asJson(review));
    }

    private void authorize(String verb, Target target) {
        String resource = target.subresource() == null
                ? target.type().plural()
                : target.type().plural() + "/" + target.subresource();
        if (target.type().verbs().equals(List.of("create")) && verb.equals("create")) {
            return; // reviews are open to every authenticated user, as in a cluster's default RBAC
        }
        if (!access.isAllowed(verb, target.type().group(), resource, target.namespace())) {
            String groupText =
                    target.type().group().isEmpty() ? "" : "." + target.type().group();
            String scope = target.namespace() == null
                    ? "at the cluster scope"
                    : "in the namespace \"" + target.namespace() + "\"";
            throw new ApiException(
                    403,
                    "Forbidden",
                    target.type().plural() + groupText
                            + (target.name() == null ? "" : " \"" + target.name() + "\"") + " is forbidden: User \""
                            + access.username()
                            + "\" cannot " + verb + " resource \"" + resource + "\" in API group \""
                            + target.type().group() + "\" "
                            + scope,
                    target.type().plural(),
                    target.name());
        }
    }

    private static String verb(HttpMethod method, Target target, boolean watch) {
        switch (method) {
            case GET:
                return watch ? "watch" : target.name() == null ? "list" : "get";
            case POST:
                return "create";
            case PUT:
                return "update";
            case PATCH:
                return "patch";
            case DELETE:
                return target.name() == null ? "deletecollection" : "delete";
            default:
                return method.name().toLowerCase(Locale.ROOT);
        }
    }

    private static boolean isAdmin(RecordedRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.equals("Bearer " + ADMIN_TOKEN);
    }

    // ---------------------------------------------------------------- helpers

    private Target parseTarget(String path) {
        String[] parts = path.substring(1).split("/");
        String group;
        String version;
        int rest;
        if (parts.length >= 3 && parts[0].equals("api")) {
            group = "";
            version = parts[1];
            rest = 2;
        } else if (parts.length >= 4 && parts[0].equals("apis")) {
            group = parts[1];
            version = parts[2];
            rest = 3;
        } else {
            return null;
        }
        List<String> segments = List.of(parts).subList(rest, parts.length);
        String namespace = null;
        boolean namespaceObject = group.isEmpty()
                && segments.size() >= 2
                && segments.get(0).equals("namespaces")
                && (segments.size() == 2 || List.of("status", "finalize").contains(segments.get(2)));
        if (segments.size() >= 3 && segments.get(0).equals("namespaces") && !namespaceObject) {
            namespace = segments.get(1);
            segments = segments.subList(2, segments.size());
        }
        if (segments.isEmpty() || segments.size() > 3) {
            return null;
        }
        ApiCatalog.ResourceType type =
                catalog.byPlural(group, version, segments.get(0)).orElse(null);
        if (type == null) {
            return null;
        }
        String name = segments.size() >= 2 ? segments.get(1) : null;
        String subresource = segments.size() == 3 ? segments.get(2) : null;
        return new Target(type, type.namespaced() ? namespace : null, name, subresource);
    }

    private ObjectNode existing(Target target) {
        ObjectNode current = store.get(target.objectPath());
        if (current == null) {
            throw notFound(target);
        }
        return current;
    }

    private void requireNamespace(Target target) {
        if (target.type().namespaced()
                && target.namespace() != null
                && store.get("/api/v1/namespaces/" + target.namespace()) == null) {
            throw new ApiException(
                    404,
                    "NotFound",
                    "namespaces \"" + target.namespace() + "\" not found",
                    "namespaces",
                    target.namespace());
        }
    }

    private static void fillTypeMeta(Target target, ObjectNode object) {
        if (!object.hasNonNull("apiVersion")) {
            object.put("apiVersion", target.type().groupVersion());
        }
        if (!object.hasNonNull("kind")) {
            object.put("kind", target.type().kind());
        }
        if (!object.has("metadata")) {
            object.putObject("metadata");
        }
    }

    private static ApiException notFound(Target target) {
        String resource = target.type().group().isEmpty()
                ? target.type().plural()
                : target.type().plural() + "." + target.type().group();
        return new ApiException(
                404,
                "NotFound",
                resource + " \"" + target.name() + "\" not found",
                target.type().plural(),
                target.name());
    }

    private static ObjectNode readBody(RecordedRequest request) {
        byte[] body =
                request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        String contentType = request.getHeader("Content-Type");
        if (ProtobufBodies.isProtobuf(contentType, body)) {
            return ProtobufBodies.toJson(body);
        }
        if (body.length == 0) {
            throw new IllegalArgumentException("the request has no body");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        JsonNode parsed =
                text.trim().startsWith("{") ? ObjectStore.read(text) : Serialization.unmarshal(text, JsonNode.class);
        if (!(parsed instanceof ObjectNode)) {
            throw new IllegalArgumentException("the request body is not an object");
        }
        return (ObjectNode) parsed;
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters))
                .trim()
                .toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.put(key, value);
        }
        return parameters;
    }

    /**
     * Every answer is JSON, labelled so: without a Content-Type client-go takes a body for protobuf, and an
     * error without a body leaves clients guessing what happened.
     */
    private static MockResponse finish(MockResponse response) {
        if (response.getWebSocketListener() != null) {
            return response;
        }
        if (response.code() >= 400
                && (response.getBody() == null || response.getBody().size() == 0)) {
            return statusResponse(
                    response.code(),
                    reasonFor(response.code()),
                    "the stand-in answered " + response.code(),
                    null,
                    null);
        }
        if (response.code() == 409) {
            // The mock's conflict for a create of an existing object lacks the AlreadyExists reason that
            // clients (Helm's --create-namespace among them) test for.
            String body = new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
            if (body.contains("already exists") && !body.contains("AlreadyExists")) {
                return statusResponse(409, "AlreadyExists", messageOf(body), null, null);
            }
        }
        if (response.header("Content-Type") == null) {
            response.setHeader("Content-Type", JSON);
        }
        return response;
    }

    private static String messageOf(String body) {
        try {
            Status status = Serialization.unmarshal(body, Status.class);
            return status.getMessage() != null ? status.getMessage() : body;
        } catch (RuntimeException notAStatus) {
            return body;
        }
    }

    private static String reasonFor(int code) {
        switch (code) {
            case 404:
                return "NotFound";
            case 409:
                return "Conflict";
            case 403:
                return "Forbidden";
            case 415:
                return "UnsupportedMediaType";
            case 422:
                return "Invalid";
            default:
                return code >= 500 ? "InternalError" : "BadRequest";
        }
    }

    static MockResponse statusResponse(int code, String reason, String message, String kind, String name) {
        StatusBuilder status = new StatusBuilder()
                .withStatus("Failure")
                .withMessage(message)
                .withReason(reason)
                .withCode(code);
        if (kind != null || name != null) {
            status.withNewDetails().withKind(kind).withName(name).endDetails();
        }
        Status built = status.build();
        return json(code, Serialization.asJson(built));
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", JSON)
                .setBody(body);
    }
}
