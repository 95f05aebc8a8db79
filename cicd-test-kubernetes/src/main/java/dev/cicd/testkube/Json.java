package dev.cicd.testkube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** Small helpers over Jackson trees, for code that edits objects as the API server stores them. */
final class Json {

    private Json() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** The child object under the key, created if missing or not an object. */
    static ObjectNode child(ObjectNode parent, String key) {
        JsonNode existing = parent.get(key);
        if (existing != null && existing.isObject()) {
            return (ObjectNode) existing;
        }
        return parent.putObject(key);
    }

    static ObjectNode metadata(ObjectNode object) {
        return child(object, "metadata");
    }

    static String text(JsonNode node, String... path) {
        JsonNode current = node;
        for (String key : path) {
            current = current.path(key);
        }
        return current.isValueNode() ? current.asText() : null;
    }

    /** Kubernetes timestamps are RFC 3339 in UTC with whole seconds. */
    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** JSON with object keys sorted, so equal trees give equal text whatever order fields came in. */
    static String canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                sorted.put(entry.getKey(), entry.getValue());
            }
            StringBuilder text = new StringBuilder("{");
            sorted.forEach((key, value) -> text.append(JsonNodeFactory.instance.textNode(key))
                    .append(':')
                    .append(canonical(value))
                    .append(','));
            return text.append('}').toString();
        }
        if (node.isArray()) {
            StringBuilder text = new StringBuilder("[");
            node.forEach(item -> text.append(canonical(item)).append(','));
            return text.append(']').toString();
        }
        return node.toString();
    }
}
