package dev.cicd.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cicd.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A manifest or index exactly as the registry served it: the bytes are kept so that a copy can be
 * put back byte for byte, which keeps its digest.
 */
public record RegistryManifest(String mediaType, String digest, byte[] bytes) {

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    public Descriptor descriptor() {
        return new Descriptor(mediaType, digest, bytes.length);
    }

    public boolean isIndex() {
        return OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType);
    }

    public JsonNode json() {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("the registry sent a manifest that is not JSON", e);
        }
    }

    /** The image configuration of an image manifest (its digest is the engine's image id). */
    public Descriptor config() {
        JsonNode config = json().path("config");
        return new Descriptor(
                config.path("mediaType").asText(null),
                config.path("digest").asText(null),
                config.path("size").asLong());
    }

    /** The layers of an image manifest, or the manifests an index lists. */
    public List<Descriptor> children() {
        JsonNode list = isIndex() ? json().path("manifests") : json().path("layers");
        List<Descriptor> children = new ArrayList<>();
        for (JsonNode node : list) {
            children.add(new Descriptor(
                    node.path("mediaType").asText(null),
                    node.path("digest").asText(),
                    node.path("size").asLong()));
        }
        return children;
    }
}
