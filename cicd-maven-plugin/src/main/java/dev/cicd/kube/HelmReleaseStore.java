package dev.cicd.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cicd.common.CicdException;
import dev.cicd.common.Json;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Reads Helm's own record of releases from the cluster: each revision is a Secret
 * {@code sh.helm.release.v1.<name>.v<revision>} (Helm's default storage driver) holding the release
 * as gzipped JSON. helm-java's history lacks the values and manifest, which the history view (image
 * digests, change causes) and rollbacks need.
 */
public final class HelmReleaseStore {

    private final KubernetesClient client;
    private final String namespace;

    public HelmReleaseStore(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Every stored revision of a release, oldest first. */
    public List<StoredRelease> history(String release) {
        return secrets("owner=helm,name=" + release).stream()
                .map(this::decode)
                .sorted(Comparator.comparingInt(StoredRelease::revision))
                .toList();
    }

    public Optional<StoredRelease> revision(String release, int revision) {
        return history(release).stream().filter(r -> r.revision() == revision).findFirst();
    }

    /** The newest revision, whatever its status. */
    public Optional<StoredRelease> latest(String release) {
        List<StoredRelease> history = history(release);
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }

    /** The newest revision that was deployed successfully (status deployed or superseded). */
    public Optional<StoredRelease> lastGood(String release, int before) {
        return history(release).stream()
                .filter(r -> r.revision() < before)
                .filter(r -> "deployed".equals(r.status()) || "superseded".equals(r.status()))
                .reduce((first, second) -> second);
    }

    /** The names of all releases in the namespace. */
    public List<String> releaseNames() {
        TreeSet<String> names = new TreeSet<>();
        for (Secret secret : secrets("owner=helm")) {
            String name = secret.getMetadata().getLabels() == null
                    ? null
                    : secret.getMetadata().getLabels().get("name");
            if (name != null) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    /**
     * Records that a revision failed, as Helm does when its own wait fails: status {@code failed}
     * and a description saying why, in the release record and in the Secret's status label. The
     * rollout wait is ours (for progress and reports), so this keeps {@code helm history} honest.
     */
    public void markFailed(String release, int revision, String description) {
        String name = "sh.helm.release.v1." + release + ".v" + revision;
        try {
            Secret secret =
                    client.secrets().inNamespace(namespace).withName(name).get();
            if (secret == null) {
                return;
            }
            com.fasterxml.jackson.databind.node.ObjectNode json =
                    (com.fasterxml.jackson.databind.node.ObjectNode) read(secret);
            com.fasterxml.jackson.databind.node.ObjectNode info =
                    (com.fasterxml.jackson.databind.node.ObjectNode) json.path("info");
            info.put("status", "failed");
            info.put("description", description.length() > 200 ? description.substring(0, 200) : description);
            java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(packed)) {
                Json.MAPPER
                        .writer()
                        .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                        .writeValue(gzip, json);
            }
            String helmText = Base64.getEncoder().encodeToString(packed.toByteArray());
            secret.getData()
                    .put(
                            "release",
                            Base64.getEncoder()
                                    .encodeToString(helmText.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            secret.getMetadata().getLabels().put("status", "failed");
            client.secrets().inNamespace(namespace).resource(secret).update();
        } catch (KubernetesClientException e) {
            throw KubeErrors.of("recording the failed revision " + revision + " of " + release, e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<Secret> secrets(String labelSelector) {
        try {
            return client.secrets().inNamespace(namespace).withLabelSelector(labelSelector).list().getItems().stream()
                    .filter(s -> "helm.sh/release.v1".equals(s.getType()))
                    .toList();
        } catch (KubernetesClientException e) {
            throw KubeErrors.of("reading Helm's releases in namespace " + namespace, e);
        }
    }

    StoredRelease decode(Secret secret) {
        JsonNode release = read(secret);
        JsonNode info = release.path("info");
        JsonNode metadata = release.path("chart").path("metadata");
        return new StoredRelease(
                release.path("name").asText(),
                release.path("namespace").asText(namespace),
                release.path("version").asInt(),
                info.path("status").asText(null),
                time(info.path("last_deployed").asText(null)),
                info.path("description").asText(null),
                metadata.path("name").asText(null),
                metadata.path("version").asText(null),
                metadata.path("appVersion").asText(null),
                release.path("config"),
                release.path("manifest").asText(null));
    }

    /** The release JSON: the Secret's data is base64 of Helm's base64 of gzipped JSON. */
    private JsonNode read(Secret secret) {
        String encoded = secret.getData() == null ? null : secret.getData().get("release");
        if (encoded == null) {
            throw CicdException.environment(
                    "Helm release secret " + secret.getMetadata().getName() + " has no release data");
        }
        byte[] helmText = Base64.getDecoder().decode(encoded);
        byte[] packed =
                Base64.getDecoder().decode(new String(helmText, java.nio.charset.StandardCharsets.US_ASCII).trim());
        JsonNode release;
        try (InputStream in = packed.length > 1 && (packed[0] & 0xFF) == 0x1F && (packed[1] & 0xFF) == 0x8B
                ? new GZIPInputStream(new ByteArrayInputStream(packed))
                : new ByteArrayInputStream(packed)) {
            release = Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw CicdException.environment(
                    "could not read Helm release secret " + secret.getMetadata().getName() + ": " + e.getMessage(), e);
        }
        return release;
    }

    private static Instant time(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
