package dev.cicd.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One revision of a Helm release as Helm keeps it in the cluster: status, chart, the values the
 * user gave, and the manifest Helm applied.
 */
public record StoredRelease(
        String name,
        String namespace,
        int revision,
        String status,
        Instant deployed,
        String description,
        String chartName,
        String chartVersion,
        String appVersion,
        JsonNode config,
        String manifest) {

    /** Container images of the workloads in the manifest, in order. */
    public List<String> images() {
        List<String> images = new ArrayList<>();
        for (ManifestObject object : ManifestObject.parse(manifest == null ? "" : manifest)) {
            collectImages(object.content(), images);
        }
        return images;
    }

    /** The Deployment's kubernetes.io/change-cause in the manifest, else the {@code reason} value given. */
    public String changeCause() {
        for (ManifestObject object : ManifestObject.parse(manifest == null ? "" : manifest)) {
            if ("Deployment".equals(object.kind())
                    && object.content().get("metadata") instanceof Map<?, ?> metadata
                    && metadata.get("annotations") instanceof Map<?, ?> annotations
                    && annotations.get("kubernetes.io/change-cause") != null) {
                return String.valueOf(annotations.get("kubernetes.io/change-cause"));
            }
        }
        JsonNode reason = config == null ? null : config.get("reason");
        return reason == null ? null : reason.asText();
    }

    @SuppressWarnings("unchecked")
    private static void collectImages(Object node, List<String> images) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
                if (("containers".equals(entry.getKey()) || "initContainers".equals(entry.getKey()))
                        && entry.getValue() instanceof List<?> list) {
                    for (Object container : list) {
                        if (container instanceof Map<?, ?> c
                                && c.get("image") != null
                                && !images.contains(String.valueOf(c.get("image")))) {
                            images.add(String.valueOf(c.get("image")));
                        }
                    }
                } else {
                    collectImages(entry.getValue(), images);
                }
            }
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectImages(item, images));
        }
    }
}
