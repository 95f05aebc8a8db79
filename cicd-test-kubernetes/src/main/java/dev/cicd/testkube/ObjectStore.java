package dev.cicd.testkube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes objects in fabric8's CRUD dispatcher directly, without HTTP. The stand-in's own
 * controllers run inside request handling, on the server's event loop: going through HTTP from there
 * would wait on the very thread that has to answer.
 */
final class ObjectStore {

    private final KubernetesCrudDispatcher crud;

    ObjectStore(KubernetesCrudDispatcher crud) {
        this.crud = crud;
    }

    MockResponse send(HttpMethod method, String path, String contentType, byte[] body) {
        Headers.Builder headers = Headers.builder();
        if (contentType != null) {
            headers.add("Content-Type", contentType);
        }
        return crud.dispatch(new RecordedRequest("HTTP/1.1", method, path, headers.build(), new Buffer(body)));
    }

    MockResponse send(HttpMethod method, String path, JsonNode body) {
        return send(
                method,
                path,
                "application/json",
                body == null ? null : Serialization.asJson(body).getBytes(StandardCharsets.UTF_8));
    }

    /** The object at the path, or null. */
    ObjectNode get(String path) {
        MockResponse response = send(HttpMethod.GET, path, null);
        return response.code() == 200 ? parse(response) : null;
    }

    List<ObjectNode> list(String collectionPath) {
        MockResponse response = send(HttpMethod.GET, collectionPath, null);
        List<ObjectNode> items = new ArrayList<>();
        if (response.code() == 200) {
            JsonNode list = parse(response);
            list.path("items").forEach(item -> items.add((ObjectNode) item));
        }
        return items;
    }

    ObjectNode create(String collectionPath, JsonNode object) {
        return expectSuccess(send(HttpMethod.POST, collectionPath, object), "create " + collectionPath);
    }

    ObjectNode update(String objectPath, JsonNode object) {
        return expectSuccess(send(HttpMethod.PUT, objectPath, object), "update " + objectPath);
    }

    ObjectNode updateStatus(String objectPath, JsonNode object) {
        return update(objectPath + "/status", object);
    }

    void delete(String objectPath) {
        send(HttpMethod.DELETE, objectPath, null);
    }

    /** Every stored object, for the garbage collector and namespace deletion. */
    List<ObjectNode> all() {
        List<ObjectNode> objects = new ArrayList<>();
        synchronized (crud.getMap()) {
            for (String json : crud.getMap().values()) {
                objects.add((ObjectNode) read(json));
            }
        }
        return objects;
    }

    private static ObjectNode expectSuccess(MockResponse response, String what) {
        if (response.code() >= 300) {
            throw new IllegalStateException(
                    "stand-in could not " + what + ": " + response.code() + " " + bodyText(response));
        }
        return parse(response);
    }

    static ObjectNode parse(MockResponse response) {
        return (ObjectNode) read(bodyText(response));
    }

    /** The body as text, without consuming it (Buffer.readUtf8 empties the buffer). */
    static String bodyText(MockResponse response) {
        return response.getBody() == null ? "" : new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
    }

    static JsonNode read(String json) {
        try {
            return Serialization.jsonMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
