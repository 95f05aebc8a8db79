package dev.cicd.testkube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Label and field selectors as the API server reads them. The mock understands only label equality,
 * and matches field selectors against nothing it stores (an Event's involvedObject.name, for one).
 */
final class Selectors {

    private static final Pattern SET_REQUIREMENT = Pattern.compile("^\\s*([^\\s!=]+)\\s+(in|notin)\\s*\\((.*)\\)\\s*$");
    private static final Pattern COMPARISON = Pattern.compile("^\\s*([^\\s!=]+)\\s*(==|!=|=)\\s*(.*?)\\s*$");

    private Selectors() {}

    /** A predicate over whole objects for a labelSelector query value; null or blank matches everything. */
    static Predicate<JsonNode> labels(String selector) {
        Predicate<JsonNode> all = o -> true;
        for (String requirement : split(selector)) {
            all = all.and(labelRequirement(requirement.trim()));
        }
        return all;
    }

    /** A predicate over whole objects for a fieldSelector query value: dotted paths into the object. */
    static Predicate<JsonNode> fields(String selector) {
        Predicate<JsonNode> all = o -> true;
        for (String requirement : split(selector)) {
            Matcher m = COMPARISON.matcher(requirement);
            if (!m.matches()) {
                throw new IllegalArgumentException("invalid field selector: " + requirement);
            }
            String path = m.group(1);
            boolean equal = !m.group(2).equals("!=");
            String value = m.group(3);
            all = all.and(o -> value.equals(fieldValue(o, path)) == equal);
        }
        return all;
    }

    private static String fieldValue(JsonNode object, String path) {
        JsonNode current = object;
        for (String key : path.split("\\.")) {
            current = current.path(key);
        }
        // An absent field compares as the empty string, as for spec.nodeName on unscheduled pods.
        return current.isValueNode() ? current.asText() : "";
    }

    private static Predicate<JsonNode> labelRequirement(String requirement) {
        Matcher set = SET_REQUIREMENT.matcher(requirement);
        if (set.matches()) {
            String key = set.group(1);
            Set<String> values = Set.copyOf(List.of(set.group(3).split("\\s*,\\s*")).stream()
                    .map(String::trim)
                    .toList());
            boolean in = set.group(2).equals("in");
            return o -> {
                String label = label(o, key);
                return in ? label != null && values.contains(label) : label == null || !values.contains(label);
            };
        }
        Matcher comparison = COMPARISON.matcher(requirement);
        if (comparison.matches()) {
            String key = comparison.group(1);
            String value = comparison.group(3);
            boolean equal = !comparison.group(2).equals("!=");
            return o -> equal ? value.equals(label(o, key)) : !value.equals(label(o, key));
        }
        if (requirement.startsWith("!")) {
            String key = requirement.substring(1).trim();
            return o -> label(o, key) == null;
        }
        return o -> label(o, requirement) != null;
    }

    private static String label(JsonNode object, String key) {
        JsonNode value = object.path("metadata").path("labels").get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Splits on commas that are not inside the parentheses of a set requirement. */
    private static List<String> split(String selector) {
        List<String> parts = new ArrayList<>();
        if (selector == null || selector.isBlank()) {
            return parts;
        }
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : selector.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        parts.removeIf(String::isBlank);
        return parts;
    }
}
