package dev.cicd.testkube;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The strategic-merge-patch metadata of the built-in types charts use: which lists merge and by which key.
 * Kubernetes keeps it in Go struct tags ({@code patchStrategy:"merge" patchMergeKey:"name"}); this is a
 * hand copy of those tags for the types below. A field not listed here is a map (merged key by key) or
 * an atomic list (replaced whole), which is what the API server does for fields without tags.
 */
final class PatchSchema {

    /** The patch metadata of one field: its type in this schema, and its merge key if it is a merging list. */
    record Field(String type, String mergeKey, boolean mergingList) {}

    static final String OBJECT_META = "ObjectMeta";
    private static final String POD_TEMPLATE_SPEC = "PodTemplateSpec";
    private static final String POD_SPEC = "PodSpec";
    private static final String CONTAINER = "Container";
    private static final String WITH_CONDITIONS = "StatusWithConditions";

    private static final Map<String, Map<String, Field>> TYPES = new ConcurrentHashMap<>();
    private static final Map<String, String> KIND_TYPES = new HashMap<>();

    static {
        type(OBJECT_META).with("finalizers", mergingPrimitives()).with("ownerReferences", mergingList(null, "uid"));
        type(WITH_CONDITIONS).with("conditions", mergingList(null, "type"));
        type(POD_TEMPLATE_SPEC).with("metadata", object(OBJECT_META)).with("spec", object(POD_SPEC));
        type(POD_SPEC)
                .with("containers", mergingList(CONTAINER, "name"))
                .with("initContainers", mergingList(CONTAINER, "name"))
                .with("ephemeralContainers", mergingList(CONTAINER, "name"))
                .with("volumes", mergingList(null, "name"))
                .with("imagePullSecrets", mergingList(null, "name"))
                .with("hostAliases", mergingList(null, "ip"))
                .with("topologySpreadConstraints", mergingList(null, "topologyKey"))
                .with("resourceClaims", mergingList(null, "name"))
                .with("schedulingGates", mergingList(null, "name"));
        type(CONTAINER)
                .with("ports", mergingList(null, "containerPort"))
                .with("env", mergingList(null, "name"))
                .with("volumeMounts", mergingList(null, "mountPath"))
                .with("volumeDevices", mergingList(null, "devicePath"));

        type("WorkloadSpec").with("template", object(POD_TEMPLATE_SPEC));
        type("JobTemplateSpec").with("metadata", object(OBJECT_META)).with("spec", object("WorkloadSpec"));
        type("CronJobSpec").with("jobTemplate", object("JobTemplateSpec"));
        type("ServiceSpec").with("ports", mergingList(null, "port"));
        type("NodeStatus").with("conditions", mergingList(null, "type")).with("addresses", mergingList(null, "type"));

        kind(
                "WorkloadSpec",
                "Deployment",
                "StatefulSet",
                "DaemonSet",
                "ReplicaSet",
                "ReplicationController",
                "Job",
                "PodTemplate");
        kind("CronJobSpec", "CronJob");
        kind(POD_SPEC, "Pod");
        kind("ServiceSpec", "Service");
        // PodTemplate keeps its template at the top level, not under spec.
        type("PodTemplate").with("metadata", object(OBJECT_META)).with("template", object(POD_TEMPLATE_SPEC));
        type("ServiceAccount").with("metadata", object(OBJECT_META)).with("secrets", mergingList(null, "name"));
        type("Node").with("metadata", object(OBJECT_META)).with("status", object("NodeStatus"));
    }

    private PatchSchema() {}

    /** The schema type name of a whole object of the given kind. */
    static String typeOfKind(String kind) {
        if (kind == null) {
            return "Object";
        }
        if (TYPES.containsKey(kind)) {
            return kind;
        }
        String specType = KIND_TYPES.get(kind);
        String name = "Object/" + (specType == null ? "" : specType);
        TYPES.computeIfAbsent(name, n -> {
            Map<String, Field> fields = new HashMap<>();
            fields.put("metadata", object(OBJECT_META));
            fields.put("status", object(WITH_CONDITIONS));
            if (specType != null) {
                fields.put("spec", object(specType));
            }
            return fields;
        });
        return name;
    }

    /** The metadata of a field of the given type; unknown types and fields get none. */
    static Field field(String type, String name) {
        if (type == null) {
            return null;
        }
        return TYPES.getOrDefault(type, Map.of()).get(name);
    }

    private static Field object(String type) {
        return new Field(type, null, false);
    }

    private static Field mergingList(String elementType, String mergeKey) {
        return new Field(elementType, mergeKey, true);
    }

    private static Field mergingPrimitives() {
        return new Field(null, null, true);
    }

    private static void kind(String specType, String... kinds) {
        for (String kind : kinds) {
            KIND_TYPES.put(kind, specType);
        }
    }

    private static TypeBuilder type(String name) {
        return new TypeBuilder(TYPES.computeIfAbsent(name, n -> new HashMap<>()));
    }

    private record TypeBuilder(Map<String, Field> fields) {
        TypeBuilder with(String name, Field field) {
            fields.put(name, field);
            return this;
        }
    }
}
