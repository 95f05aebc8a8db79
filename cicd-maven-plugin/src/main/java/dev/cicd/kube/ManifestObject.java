package dev.cicd.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** One object of a rendered manifest: what it is and its name, enough to check access and find workloads. */
public record ManifestObject(
        String apiVersion, String kind, String name, String namespace, Map<String, Object> content) {

    /** The group of the apiVersion: empty for the core group ({@code v1}). */
    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** Reads every object of a multi-document manifest, skipping empty documents. */
    @SuppressWarnings("unchecked")
    public static List<ManifestObject> parse(String manifests) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        List<ManifestObject> objects = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(options)).loadAll(manifests)) {
            if (!(document instanceof Map<?, ?> map) || map.get("kind") == null || map.get("apiVersion") == null) {
                continue;
            }
            Map<String, Object> object = (Map<String, Object>) map;
            Map<String, Object> metadata =
                    object.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            objects.add(new ManifestObject(
                    String.valueOf(object.get("apiVersion")),
                    String.valueOf(object.get("kind")),
                    metadata.get("name") == null ? null : String.valueOf(metadata.get("name")),
                    metadata.get("namespace") == null ? null : String.valueOf(metadata.get("namespace")),
                    object));
        }
        return objects;
    }
}
