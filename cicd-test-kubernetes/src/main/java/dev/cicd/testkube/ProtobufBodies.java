package dev.cicd.testkube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernetes.client.proto.Runtime;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Turns Kubernetes protobuf request bodies into JSON. client-go's typed clients (Helm's release storage
 * among them) send {@code application/vnd.kubernetes.protobuf}: the bytes {@code k8s\0} and then a
 * {@code runtime.Unknown} holding the type meta and the object encoded with the generated.proto messages,
 * whose field names are the JSON names. The messages come from client-java-proto.
 */
final class ProtobufBodies {

    static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** Which client-java-proto outer classes hold the messages of an API group, most likely first. */
    private static final Map<String, List<String>> OUTER_CLASSES = Map.ofEntries(
            Map.entry("", List.of("V1", "Meta")),
            Map.entry("meta.k8s.io", List.of("Meta")),
            Map.entry("apps", List.of("V1Apps")),
            Map.entry("batch", List.of("V1Batch")),
            Map.entry("networking.k8s.io", List.of("V1Networking")),
            Map.entry("rbac.authorization.k8s.io", List.of("V1Rbac")),
            Map.entry("policy", List.of("V1Policy")),
            Map.entry("autoscaling", List.of("V1Autoscaling", "V2beta2Autoscaling")),
            Map.entry("storage.k8s.io", List.of("V1Storage")),
            Map.entry("authorization.k8s.io", List.of("V1Authorization")),
            Map.entry("authentication.k8s.io", List.of("V1Authentication")),
            Map.entry("scheduling.k8s.io", List.of("V1Scheduling")),
            Map.entry("certificates.k8s.io", List.of("V1Certificates")),
            Map.entry("admissionregistration.k8s.io", List.of("V1Admissionregistration")));

    private ProtobufBodies() {}

    static boolean isProtobuf(String contentType, byte[] body) {
        return (contentType != null && contentType.startsWith(CONTENT_TYPE))
                || (body != null && body.length >= MAGIC.length && startsWithMagic(body));
    }

    private static boolean startsWithMagic(byte[] body) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (body[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Decodes a protobuf body into the JSON the API server would have been sent. */
    static ObjectNode toJson(byte[] body) {
        if (body.length < MAGIC.length || !startsWithMagic(body)) {
            throw new IllegalArgumentException("protobuf body does not start with the k8s magic number");
        }
        try {
            Runtime.Unknown unknown =
                    Runtime.Unknown.parseFrom(ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
            String apiVersion = unknown.getTypeMeta().getApiVersion();
            String kind = unknown.getTypeMeta().getKind();
            if (unknown.hasContentType()
                    && !unknown.getContentType().isEmpty()
                    && unknown.getContentType().contains("json")) {
                return (ObjectNode)
                        Serialization.jsonMapper().readTree(unknown.getRaw().toByteArray());
            }
            Message message = parse(apiVersion, kind, unknown.getRaw().toByteArray());
            ObjectNode json = JSON.objectNode();
            json.put("apiVersion", apiVersion);
            json.put("kind", kind);
            json.setAll(messageToJson(message));
            return json;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot decode protobuf body: " + e.getMessage(), e);
        }
    }

    private static Message parse(String apiVersion, String kind, byte[] raw) throws InvalidProtocolBufferException {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        for (String outer : OUTER_CLASSES.getOrDefault(group, List.of())) {
            try {
                Class<?> type = Class.forName("io.kubernetes.client.proto." + outer + "$" + kind);
                Method parseFrom = type.getMethod("parseFrom", byte[].class);
                return (Message) parseFrom.invoke(null, (Object) raw);
            } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
                // not in this outer class: try the next one
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof InvalidProtocolBufferException invalid) {
                    throw invalid;
                }
                throw new IllegalArgumentException(e.getCause());
            }
        }
        throw new IllegalArgumentException("no protobuf message known for " + apiVersion + " " + kind);
    }

    static ObjectNode messageToJson(Message message) {
        ObjectNode json = JSON.objectNode();
        for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
            FieldDescriptor field = entry.getKey();
            Object value = entry.getValue();
            if (field.isMapField()) {
                ObjectNode map = JSON.objectNode();
                for (Object item : (List<?>) value) {
                    Message mapEntry = (Message) item;
                    FieldDescriptor keyField = mapEntry.getDescriptorForType().findFieldByName("key");
                    FieldDescriptor valueField = mapEntry.getDescriptorForType().findFieldByName("value");
                    map.set(
                            String.valueOf(mapEntry.getField(keyField)),
                            valueToJson(valueField, mapEntry.getField(valueField)));
                }
                json.set(field.getName(), map);
            } else if (field.isRepeated()) {
                ArrayNode array = JSON.arrayNode();
                for (Object item : (List<?>) value) {
                    array.add(valueToJson(field, item));
                }
                json.set(field.getName(), array);
            } else {
                json.set(field.getName(), valueToJson(field, value));
            }
        }
        return json;
    }

    private static JsonNode valueToJson(FieldDescriptor field, Object value) {
        switch (field.getJavaType()) {
            case MESSAGE:
                return specialMessageToJson((Message) value);
            case BYTE_STRING:
                return JSON.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case STRING:
                return JSON.textNode((String) value);
            case INT:
                return JSON.numberNode((Integer) value);
            case LONG:
                return JSON.numberNode((Long) value);
            case BOOLEAN:
                return JSON.booleanNode((Boolean) value);
            case FLOAT:
                return JSON.numberNode((Float) value);
            case DOUBLE:
                return JSON.numberNode((Double) value);
            default:
                return JSON.textNode(String.valueOf(value));
        }
    }

    /** The apimachinery types whose JSON form is not their message form. */
    private static JsonNode specialMessageToJson(Message message) {
        String type = message.getDescriptorForType().getFullName();
        switch (type) {
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Time":
                return JSON.textNode(DateTimeFormatter.ISO_INSTANT.format(
                        Instant.ofEpochSecond(longField(message, "seconds")).truncatedTo(ChronoUnit.SECONDS)));
            case "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime":
                return JSON.textNode(MICRO_TIME.format(
                        Instant.ofEpochSecond(longField(message, "seconds"), longField(message, "nanos"))));
            case "k8s.io.apimachinery.pkg.api.resource.Quantity":
                return JSON.textNode(String.valueOf(field(message, "string")));
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString":
                return longField(message, "type") == 0
                        ? JSON.numberNode(longField(message, "intVal"))
                        : JSON.textNode(String.valueOf(field(message, "strVal")));
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Duration":
                return JSON.textNode(goDuration(longField(message, "duration")));
            case "k8s.io.apimachinery.pkg.runtime.RawExtension":
                return rawExtension((ByteString) field(message, "raw"));
            default:
                return messageToJson(message);
        }
    }

    private static JsonNode rawExtension(ByteString raw) {
        try {
            return Serialization.jsonMapper().readTree(raw.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return JSON.textNode(Base64.getEncoder().encodeToString(raw.toByteArray()));
        }
    }

    private static Object field(Message message, String name) {
        return message.getField(message.getDescriptorForType().findFieldByName(name));
    }

    private static long longField(Message message, String name) {
        return ((Number) field(message, name)).longValue();
    }

    /** Go's time.Duration.String() for whole seconds and above, which is all Kubernetes fields use. */
    private static String goDuration(long nanos) {
        long seconds = nanos / 1_000_000_000L;
        long hours = seconds / 3600;
        long minutes = (seconds % 3600) / 60;
        long rest = seconds % 60;
        if (hours > 0) {
            return hours + "h" + minutes + "m" + rest + "s";
        }
        return minutes > 0 ? minutes + "m" + rest + "s" : rest + "s";
    }
}
