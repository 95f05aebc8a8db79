package dev.cicd.promote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cicd.common.CicdException;
import dev.cicd.common.Json;
import dev.cicd.registry.Descriptor;
import dev.cicd.registry.RegistryClient;
import dev.cicd.registry.RegistryManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Keeps release evidence next to the image it is about: an OCI artifact whose {@code subject} is
 * the image's manifest, found through the registry's referrers API or, on registries without it
 * (such as Distribution 2.8), through the OCI 1.1 fallback: an index tagged {@code sha256-<hex>}
 * listing the referrers of that digest.
 */
public final class EvidenceStore {

    /** The empty JSON config OCI artifacts use. */
    static final String EMPTY_TYPE = "application/vnd.oci.empty.v1+json";

    static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);
    static final String CREATED = "org.opencontainers.image.created";

    private final RegistryClient registry;

    public EvidenceStore(RegistryClient registry) {
        this.registry = registry;
    }

    /** Attaches the evidence to {@code subject} in {@code repository}; returns the artifact's digest. */
    public String attach(String repository, Descriptor subject, Evidence evidence) {
        byte[] content;
        try {
            content = Json.MAPPER.writeValueAsBytes(evidence);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        registry.uploadBlob(repository, EMPTY);
        registry.uploadBlob(repository, content);
        ObjectNode manifest = Json.MAPPER.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", RegistryManifest.OCI_MANIFEST);
        manifest.put("artifactType", Evidence.ARTIFACT_TYPE);
        manifest.set("config", descriptor(EMPTY_TYPE, RegistryClient.sha256(EMPTY), EMPTY.length));
        manifest.putArray("layers")
                .add(descriptor(Evidence.ARTIFACT_TYPE, RegistryClient.sha256(content), content.length));
        manifest.set("subject", descriptor(subject.mediaType(), subject.digest(), subject.size()));
        manifest.putObject("annotations").put(CREATED, evidence.createdAt());
        byte[] manifestBytes = bytes(manifest);
        RegistryManifest artifact = new RegistryManifest(
                RegistryManifest.OCI_MANIFEST, RegistryClient.sha256(manifestBytes), manifestBytes);
        String digest = registry.putManifest(repository, artifact.digest(), artifact);
        if (registry.referrers(repository, subject.digest(), Evidence.ARTIFACT_TYPE)
                .isEmpty()) {
            addToFallbackIndex(repository, subject.digest(), artifact, evidence.createdAt());
        }
        return digest;
    }

    /** The newest evidence attached to {@code digest} in {@code repository}, if any. */
    public Optional<Evidence> find(String repository, String digest) {
        List<Descriptor> candidates = referrers(repository, digest);
        List<Evidence> found = new ArrayList<>();
        for (Descriptor candidate : candidates) {
            RegistryManifest manifest = registry.manifest(repository, candidate.digest());
            for (Descriptor layer : manifest.children()) {
                if (Evidence.ARTIFACT_TYPE.equals(layer.mediaType())) {
                    try (InputStream in = registry.blob(repository, layer.digest())) {
                        Evidence evidence = Json.MAPPER.readValue(in, Evidence.class);
                        if (digest.equals(evidence.imageDigest())) {
                            found.add(evidence);
                        }
                    } catch (IOException e) {
                        throw CicdException.environment(
                                "could not read evidence " + layer.digest() + " from " + registry.host(), e);
                    }
                }
            }
        }
        return found.stream().max(Comparator.comparing(e -> Instant.parse(e.createdAt())));
    }

    /** The evidence artifacts referring to {@code digest}: referrers API first, else the fallback tag. */
    public List<Descriptor> referrers(String repository, String digest) {
        Optional<List<Descriptor>> api = registry.referrers(repository, digest, Evidence.ARTIFACT_TYPE);
        if (api.isPresent() && !api.get().isEmpty()) {
            return api.get();
        }
        String tag = fallbackTag(digest);
        if (registry.head(repository, tag).isEmpty()) {
            return List.of();
        }
        RegistryManifest index = registry.manifest(repository, tag);
        List<Descriptor> evidence = new ArrayList<>();
        for (JsonNode entry : index.json().path("manifests")) {
            if (Evidence.ARTIFACT_TYPE.equals(entry.path("artifactType").asText())) {
                evidence.add(new Descriptor(
                        entry.path("mediaType").asText(),
                        entry.path("digest").asText(),
                        entry.path("size").asLong()));
            }
        }
        return evidence;
    }

    /** The OCI 1.1 fallback tag for the referrers of a digest: {@code sha256:abc...} becomes {@code sha256-abc...}. */
    public static String fallbackTag(String digest) {
        return digest.replace(':', '-');
    }

    private void addToFallbackIndex(
            String repository, String subjectDigest, RegistryManifest artifact, String created) {
        String tag = fallbackTag(subjectDigest);
        ObjectNode index;
        if (registry.head(repository, tag).isPresent()) {
            index = (ObjectNode) registry.manifest(repository, tag).json();
        } else {
            index = Json.MAPPER.createObjectNode();
            index.put("schemaVersion", 2);
            index.put("mediaType", RegistryManifest.OCI_INDEX);
            index.putArray("manifests");
        }
        ArrayNode manifests = (ArrayNode) index.withArray("manifests");
        for (JsonNode entry : manifests) {
            if (artifact.digest().equals(entry.path("digest").asText())) {
                return;
            }
        }
        ObjectNode entry = descriptor(RegistryManifest.OCI_MANIFEST, artifact.digest(), artifact.bytes().length);
        entry.put("artifactType", Evidence.ARTIFACT_TYPE);
        entry.putObject("annotations").put(CREATED, created);
        manifests.add(entry);
        byte[] bytes = bytes(index);
        registry.putManifest(
                repository, tag, new RegistryManifest(RegistryManifest.OCI_INDEX, RegistryClient.sha256(bytes), bytes));
    }

    /**
     * Copies the evidence of {@code digest} from one repository to another (digests unchanged: the
     * subject is the same image), so that it goes along with a promoted image.
     */
    public static int copy(
            RegistryClient source,
            String sourceRepository,
            RegistryClient target,
            String targetRepository,
            String digest,
            ImageCopier copier) {
        EvidenceStore from = new EvidenceStore(source);
        EvidenceStore to = new EvidenceStore(target);
        int copied = 0;
        for (Descriptor artifact : from.referrers(sourceRepository, digest)) {
            copier.copy(source, sourceRepository, artifact.digest(), target, targetRepository, null);
            if (target.referrers(targetRepository, digest, Evidence.ARTIFACT_TYPE)
                    .isEmpty()) {
                RegistryManifest manifest = target.manifest(targetRepository, artifact.digest());
                to.addToFallbackIndex(
                        targetRepository,
                        digest,
                        manifest,
                        manifest.json()
                                .path("annotations")
                                .path(CREATED)
                                .asText(Instant.now().toString()));
            }
            copied++;
        }
        return copied;
    }

    private static ObjectNode descriptor(String mediaType, String digest, long size) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("mediaType", mediaType);
        node.put("digest", digest);
        node.put("size", size);
        return node;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER
                    .writer()
                    .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
