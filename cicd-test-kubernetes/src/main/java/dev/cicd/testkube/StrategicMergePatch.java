package dev.cicd.testkube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a Kubernetes strategic merge patch ({@code application/strategic-merge-patch+json}) the way the
 * API server does (k8s.io/apimachinery strategicpatch, apply side): maps merge key by key, {@code null}
 * deletes, lists with a merge key merge element by element, lists of primitives with a merge strategy
 * are unions, other lists are replaced, and the directives {@code $patch}, {@code $retainKeys},
 * {@code $setElementOrder/<list>} and {@code $deleteFromPrimitiveList/<list>} are honoured. Which lists
 * merge comes from {@link PatchSchema}.
 */
public final class StrategicMergePatch {

    /** A patch the API server would refuse; {@link #httpStatus()} is the code it would answer with. */
    public static final class PatchException extends IllegalArgumentException {
        private final int httpStatus;

        PatchException(String message, int httpStatus) {
            super(message);
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private static final String DIRECTIVE = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String SET_ELEMENT_ORDER = "$setElementOrder/";
    private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";
    private static final int BAD_REQUEST = 400;
    private static final int UNPROCESSABLE = 422;

    private StrategicMergePatch() {}

    /**
     * Returns {@code original} with {@code patch} applied; neither argument is modified.
     *
     * @param kind the kind of the object (Deployment, Service, ...), which decides the merge keys
     */
    public static ObjectNode apply(JsonNode original, JsonNode patch, String kind) {
        if (patch == null || !patch.isObject()) {
            throw new PatchException("a strategic merge patch must be a JSON object", BAD_REQUEST);
        }
        ObjectNode target = original != null && original.isObject()
                ? (ObjectNode) original.deepCopy()
                : JsonNodeFactory.instance.objectNode();
        return mergeMap(target, ((ObjectNode) patch).deepCopy(), PatchSchema.typeOfKind(kind));
    }

    private static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, String type) {
        if (patch.has(DIRECTIVE)) {
            String directive = patch.get(DIRECTIVE).asText();
            patch.remove(DIRECTIVE);
            switch (directive) {
                case "replace":
                    return patch;
                case "delete":
                    return JsonNodeFactory.instance.objectNode();
                case "merge":
                    break;
                default:
                    throw new PatchException("unknown patch type: " + directive, BAD_REQUEST);
            }
        }
        applyRetainKeys(original, patch);
        applySetElementOrders(original, patch, type);

        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            JsonNode patchValue = entry.getValue();
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                String listKey = key.substring(DELETE_FROM_PRIMITIVE_LIST.length());
                if (!patchValue.isArray()) {
                    throw new PatchException("invalid patch: " + key + " must be a list", BAD_REQUEST);
                }
                JsonNode current = original.get(listKey);
                if (current != null && current.isArray()) {
                    original.set(listKey, deleteFromList((ArrayNode) current, (ArrayNode) patchValue));
                }
                continue;
            }
            if (patchValue.isNull()) {
                original.remove(key);
                continue;
            }
            PatchSchema.Field field = PatchSchema.field(type, key);
            JsonNode originalValue = original.get(key);
            if (originalValue == null
                    || originalValue.isNull()
                    || originalValue.getNodeType() != patchValue.getNodeType()) {
                original.set(key, withoutDirectives(patchValue, field));
            } else if (patchValue.isObject()) {
                original.set(key, mergeMap((ObjectNode) originalValue, (ObjectNode) patchValue, typeOf(field)));
            } else if (patchValue.isArray() && field != null && field.mergingList()) {
                original.set(key, mergeList((ArrayNode) originalValue, (ArrayNode) patchValue, field));
            } else {
                original.set(key, patchValue);
            }
        }
        return original;
    }

    /** A value that has nothing to merge with: taken from the patch, less directives and nulls. */
    private static JsonNode withoutDirectives(JsonNode value, PatchSchema.Field field) {
        if (value.isObject()) {
            return mergeMap(JsonNodeFactory.instance.objectNode(), (ObjectNode) value, typeOf(field));
        }
        if (value.isArray() && field != null && field.mergingList()) {
            return mergeList(JsonNodeFactory.instance.arrayNode(), (ArrayNode) value, field);
        }
        return value;
    }

    private static String typeOf(PatchSchema.Field field) {
        return field == null ? null : field.type();
    }

    /** {@code $retainKeys}: keys of the original that the list does not name are cleared. */
    private static void applyRetainKeys(ObjectNode original, ObjectNode patch) {
        JsonNode retain = patch.remove(RETAIN_KEYS);
        if (retain == null) {
            return;
        }
        if (!retain.isArray()) {
            throw new PatchException("invalid patch: $retainKeys must be a list of strings", BAD_REQUEST);
        }
        Set<String> retained = new LinkedHashSet<>();
        retain.forEach(k -> retained.add(k.asText()));
        patch.fields().forEachRemaining(e -> {
            String key = e.getKey();
            if (!e.getValue().isNull()
                    && !key.startsWith(DELETE_FROM_PRIMITIVE_LIST)
                    && !key.startsWith(SET_ELEMENT_ORDER)
                    && !retained.contains(key)) {
                throw new PatchException(
                        "the patch has field " + key + " that $retainKeys does not list", UNPROCESSABLE);
            }
        });
        original.retain(retained);
    }

    /**
     * {@code $setElementOrder/<list>}: merges the list with its patch (if any) and orders the result: items
     * named by the directive in its order, items only on the server kept in their relative place.
     */
    private static void applySetElementOrders(ObjectNode original, ObjectNode patch, String type) {
        List<String> directives = new ArrayList<>();
        patch.fieldNames().forEachRemaining(k -> {
            if (k.startsWith(SET_ELEMENT_ORDER)) {
                directives.add(k);
            }
        });
        for (String directive : directives) {
            JsonNode orderNode = patch.remove(directive);
            if (!orderNode.isArray()) {
                throw new PatchException("invalid patch: " + directive + " must be a list", BAD_REQUEST);
            }
            ArrayNode order = (ArrayNode) orderNode;
            String listKey = directive.substring(SET_ELEMENT_ORDER.length());
            PatchSchema.Field field = PatchSchema.field(type, listKey);
            String mergeKey = field == null ? null : field.mergeKey();
            JsonNode originalList = original.get(listKey);
            JsonNode patchList = patch.get(listKey);
            boolean inOriginal = originalList != null && originalList.isArray();
            boolean inPatch = patchList != null && patchList.isArray();
            if (inPatch) {
                validateOrder((ArrayNode) patchList, order, mergeKey);
            }
            ArrayNode merged;
            if (inOriginal && inPatch) {
                merged = field != null && field.mergingList()
                        ? mergeList((ArrayNode) originalList, (ArrayNode) patchList, field)
                        : (ArrayNode) patchList;
            } else if (inOriginal) {
                merged = (ArrayNode) originalList;
            } else if (inPatch) {
                merged = (ArrayNode) withoutDirectives(patchList, field);
            } else {
                continue;
            }
            List<JsonNode> fromPatch = new ArrayList<>();
            List<JsonNode> serverOnly = new ArrayList<>();
            for (JsonNode item : merged) {
                (indexOf(order, item, mergeKey) >= 0 ? fromPatch : serverOnly).add(item);
            }
            ArrayNode serverOrder = inOriginal ? (ArrayNode) originalList : JsonNodeFactory.instance.arrayNode();
            original.set(listKey, normalizeOrder(fromPatch, serverOnly, order, serverOrder, mergeKey));
            patch.remove(listKey);
        }
    }

    /** The items of the patch list must appear in the directive, in the same relative order. */
    private static void validateOrder(ArrayNode patchList, ArrayNode order, String mergeKey) {
        int patchIndex = 0;
        int orderIndex = 0;
        List<JsonNode> items = new ArrayList<>();
        patchList.forEach(item -> {
            if (!(item.isObject() && item.has(DIRECTIVE))) {
                items.add(item);
            }
        });
        while (patchIndex < items.size() && orderIndex < order.size()) {
            if (sameItem(items.get(patchIndex), order.get(orderIndex), mergeKey)) {
                patchIndex++;
            }
            orderIndex++;
        }
        if (patchIndex < items.size()) {
            throw new PatchException(
                    "The order in patch list " + patchList + " doesn't match $setElementOrder list " + order,
                    BAD_REQUEST);
        }
    }

    private static ArrayNode mergeList(ArrayNode original, ArrayNode patch, PatchSchema.Field field) {
        if (original.isEmpty() && patch.isEmpty()) {
            return original;
        }
        boolean ofMaps = containsObjects(original) || containsObjects(patch);
        if (!ofMaps) {
            // A merging list of primitives (finalizers) is a union without duplicates, patch items last.
            ArrayNode union = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : concat(original, patch)) {
                if (indexOf(union, item, null) < 0) {
                    union.add(item);
                }
            }
            return normalizeOrder(
                    itemsIn(union, patch, null, true), itemsIn(union, patch, null, false), patch, original, null);
        }
        String mergeKey = field.mergeKey();
        if (mergeKey == null) {
            throw new PatchException("cannot merge lists without merge key", BAD_REQUEST);
        }
        List<JsonNode> working = new ArrayList<>();
        original.forEach(working::add);
        List<JsonNode> plainPatch = new ArrayList<>();
        boolean replace = false;
        for (JsonNode item : patch) {
            if (!item.isObject()) {
                throw new PatchException("list items must all be objects in " + patch, BAD_REQUEST);
            }
            JsonNode directive = item.get(DIRECTIVE);
            if (directive == null) {
                plainPatch.add(item);
                continue;
            }
            switch (directive.asText()) {
                case "delete":
                    JsonNode keyValue = item.get(mergeKey);
                    if (keyValue == null) {
                        throw new PatchException(
                                "map: " + item + " does not contain declared merge key: " + mergeKey, BAD_REQUEST);
                    }
                    working.removeIf(existing -> keyValue.equals(existing.get(mergeKey)));
                    break;
                case "replace":
                    replace = true;
                    break;
                case "merge":
                    throw new PatchException("merging lists cannot yet be specified in the patch", BAD_REQUEST);
                default:
                    throw new PatchException("unknown patch type: " + directive.asText(), BAD_REQUEST);
            }
        }
        if (replace) {
            working = new ArrayList<>(plainPatch);
            plainPatch = List.of();
        }
        ArrayNode serverOrder = JsonNodeFactory.instance.arrayNode().addAll(working);
        for (JsonNode item : plainPatch) {
            JsonNode keyValue = item.get(mergeKey);
            if (keyValue == null) {
                throw new PatchException(
                        "map: " + item + " does not contain declared merge key: " + mergeKey, BAD_REQUEST);
            }
            int found = -1;
            for (int i = 0; i < working.size(); i++) {
                if (keyValue.equals(working.get(i).get(mergeKey))) {
                    found = i;
                    break;
                }
            }
            if (found >= 0) {
                working.set(found, mergeMap((ObjectNode) working.get(found), (ObjectNode) item, field.type()));
            } else {
                working.add(withoutDirectives(item, new PatchSchema.Field(field.type(), null, false)));
            }
        }
        ArrayNode merged = JsonNodeFactory.instance.arrayNode().addAll(working);
        ArrayNode patchOrder = JsonNodeFactory.instance.arrayNode().addAll(plainPatch);
        return normalizeOrder(
                itemsIn(merged, patchOrder, mergeKey, true),
                itemsIn(merged, patchOrder, mergeKey, false),
                patchOrder,
                serverOrder,
                mergeKey);
    }

    /**
     * Puts patch items in patch order and server-only items in server order, then interleaves them: a
     * server-only item goes before a patch item when the server had it first (precedence: the patch's
     * order over the live order), as strategicpatch's normalizeElementOrder does.
     */
    private static ArrayNode normalizeOrder(
            List<JsonNode> patchItems,
            List<JsonNode> serverOnly,
            ArrayNode patchOrder,
            ArrayNode serverOrder,
            String mergeKey) {
        List<JsonNode> right = new ArrayList<>(patchItems);
        right.sort(Comparator.comparingInt(item -> indexOf(patchOrder, item, mergeKey)));
        List<JsonNode> left = new ArrayList<>(serverOnly);
        left.sort(Comparator.comparingInt(item -> indexOf(serverOrder, item, mergeKey)));
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        int i = 0;
        int j = 0;
        while (i < left.size() || j < right.size()) {
            if (i >= left.size()) {
                result.add(right.get(j++));
            } else if (j >= right.size()) {
                result.add(left.get(i++));
            } else {
                int leftIndex = indexOf(serverOrder, left.get(i), mergeKey);
                int rightIndex = indexOf(serverOrder, right.get(j), mergeKey);
                if (leftIndex >= 0 && rightIndex >= 0 && leftIndex < rightIndex) {
                    result.add(left.get(i++));
                } else {
                    result.add(right.get(j++));
                }
            }
        }
        return result;
    }

    private static List<JsonNode> itemsIn(ArrayNode items, ArrayNode partitionBy, String mergeKey, boolean present) {
        List<JsonNode> result = new ArrayList<>();
        for (JsonNode item : items) {
            if ((indexOf(partitionBy, item, mergeKey) >= 0) == present) {
                result.add(item);
            }
        }
        return result;
    }

    private static int indexOf(ArrayNode list, JsonNode item, String mergeKey) {
        for (int i = 0; i < list.size(); i++) {
            if (sameItem(list.get(i), item, mergeKey)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean sameItem(JsonNode a, JsonNode b, String mergeKey) {
        if (mergeKey == null) {
            return a.equals(b);
        }
        JsonNode left = a.get(mergeKey);
        return left != null && left.equals(b.get(mergeKey));
    }

    private static ArrayNode deleteFromList(ArrayNode current, ArrayNode toDelete) {
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : current) {
            if (indexOf(toDelete, item, null) < 0) {
                result.add(item);
            }
        }
        return result;
    }

    private static boolean containsObjects(ArrayNode list) {
        for (JsonNode item : list) {
            if (item.isObject()) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> concat(ArrayNode a, ArrayNode b) {
        List<JsonNode> all = new ArrayList<>();
        a.forEach(all::add);
        b.forEach(all::add);
        return all;
    }
}
