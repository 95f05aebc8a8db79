package dev.cicd.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.registry.Descriptor;
import dev.cicd.registry.RegistryClient;
import dev.cicd.registry.RegistryManifest;
import dev.cicd.registry.credentials.ResolvedCredentials;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pushes an image through the Docker engine, treating versions as immutable: a tag that already
 * holds this very image is left alone (nothing is uploaded), a tag that holds another image is
 * refused unless overwriting is allowed. The digest the registry reports is read back and checked.
 */
public final class ImagePusher {

    /** What happened: the digest the tag now names, and whether anything was uploaded. */
    public record Pushed(ImageReference reference, String digest, boolean uploaded) {}

    private static final Pattern DIGEST_LINE = Pattern.compile("digest: (sha256:[0-9a-f]{64})");

    private final DockerEngine engine;
    private final RegistryClient registry;
    private final ResolvedCredentials credentials;
    private final BuildLog log;

    public ImagePusher(DockerEngine engine, RegistryClient registry, ResolvedCredentials credentials, BuildLog log) {
        this.engine = engine;
        this.registry = registry;
        this.credentials = credentials;
        this.log = log;
    }

    public Pushed push(ImageReference image, boolean allowOverwrite) {
        image.requireVersionTag();
        String imageId;
        try {
            imageId = engine.client().inspectImageCmd(image.toString()).exec().getId();
        } catch (NotFoundException e) {
            throw CicdException.project("image " + image + " does not exist in the Docker engine; build it first"
                    + " (cicd:build runs in phase package when the stage runs step 'image')");
        }
        Optional<Descriptor> existing = registry.head(image.repository(), image.tag());
        if (existing.isPresent()) {
            RegistryManifest remote =
                    registry.manifest(image.repository(), existing.get().digest());
            String remoteImageId = remote.isIndex() ? null : remote.config().digest();
            if (imageId.equals(remoteImageId)) {
                log.info(image + " is already in the registry with digest "
                        + existing.get().digest() + " (same image " + PipelineImages.shortId(imageId)
                        + "); nothing uploaded");
                return new Pushed(image, existing.get().digest(), false);
            }
            if (!allowOverwrite) {
                throw CicdException.project(
                        "image " + image + " already exists in the registry with digest "
                                + existing.get().digest() + ", and this build made another image ("
                                + PipelineImages.shortId(imageId)
                                + "). Versions are immutable: release a new version, or set -Dcicd.allowOverwrite=true to replace it");
            }
            log.warn(image + " exists with digest " + existing.get().digest()
                    + "; replacing it (cicd.allowOverwrite=true)");
        }
        String digest = pushThroughEngine(image);
        Descriptor readBack = registry.head(image.repository(), image.tag())
                .orElseThrow(() -> CicdException.environment(
                        "registry " + registry.host() + " does not show " + image + " after the push"));
        if (digest != null && !digest.equals(readBack.digest())) {
            throw CicdException.environment(
                    "the engine pushed " + image + " as " + digest + " but the registry now names " + readBack.digest()
                            + "; another push to the same tag may have raced this one");
        }
        return new Pushed(image, readBack.digest(), true);
    }

    private String pushThroughEngine(ImageReference image) {
        AuthConfig auth = new AuthConfig().withRegistryAddress(image.registry());
        if (credentials != null) {
            if (credentials.credentials().identityToken()) {
                auth.withIdentityToken(credentials.credentials().secret());
            } else {
                auth.withUsername(credentials.credentials().username())
                        .withPassword(credentials.credentials().secret());
            }
        }
        int attempts = 3;
        for (int attempt = 1; ; attempt++) {
            Progress progress = new Progress(log);
            try {
                engine.client()
                        .pushImageCmd(image.name())
                        .withTag(image.tag())
                        .withAuthConfig(auth)
                        .exec(progress)
                        .awaitCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CicdException.environment("interrupted while pushing " + image, e);
            } catch (RuntimeException e) {
                if (progress.error == null) {
                    progress.error = DockerEngine.rootMessage(e);
                }
            }
            if (progress.error == null) {
                progress.summary(image);
                return progress.digest;
            }
            String error = progress.error;
            String lower = error.toLowerCase(Locale.ROOT);
            if (transientError(lower) && attempt < attempts) {
                long wait = 1000L << (attempt - 1);
                log.warn("push of " + image + " failed (" + error + "); trying again in " + wait + " ms");
                sleep(wait);
                continue;
            }
            throw pushFailure(image, error, lower);
        }
    }

    private CicdException pushFailure(ImageReference image, String error, String lower) {
        String host = image.registry();
        if (lower.contains("unauthorized") || lower.contains("authentication required") || lower.contains("401")) {
            return CicdException.project("registry " + host + " refused to let the engine push " + image + " (" + error
                    + "). Set a <server> with <id>" + host + "</id> in settings.xml, or run: docker login " + host);
        }
        if (lower.contains("denied") || lower.contains("403")) {
            return CicdException.project("registry " + host + " denied the push of " + image + " (" + error
                    + "): the account lacks push permission on " + image.repository());
        }
        if (lower.contains("x509") || lower.contains("certificate")) {
            return CicdException.environment("the Docker engine does not trust the TLS certificate of registry " + host
                    + " (" + error + "): put its CA certificate at /etc/docker/certs.d/" + host + "/ca.crt");
        }
        if (lower.contains("no such host")) {
            return CicdException.environment(
                    "the Docker engine cannot resolve registry host " + host + " (" + error + ")");
        }
        return CicdException.environment("could not push " + image + ": " + error);
    }

    private static boolean transientError(String lower) {
        return lower.contains("connection refused")
                || lower.contains("connection reset")
                || lower.contains("i/o timeout")
                || lower.contains("timeout")
                || lower.contains(" eof")
                || lower.endsWith("eof")
                || lower.matches(".*\\b(500|502|503|504)\\b.*")
                || lower.contains("internal server error")
                || lower.contains("bad gateway")
                || lower.contains("service unavailable");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CicdException.environment("interrupted", e);
        }
    }

    /**
     * Per-layer progress. In a terminal, one line per layer state change plus throttled totals; in
     * batch mode (CI logs) only the state changes, never a progress line.
     */
    private static final class Progress extends ResultCallback.Adapter<PushResponseItem> {
        private static final long THROTTLE_NANOS = 2_000_000_000L;

        private final BuildLog log;
        private final Map<String, long[]> layers = new LinkedHashMap<>();
        private final Map<String, String> states = new LinkedHashMap<>();
        private long lastReport = System.nanoTime();
        volatile String error;
        volatile String digest;

        Progress(BuildLog log) {
            this.log = log;
        }

        @Override
        public synchronized void onNext(PushResponseItem item) {
            if (item.isErrorIndicated()) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage()
                        : item.getError();
                return;
            }
            if (item.getAux() != null && item.getAux().getDigest() != null) {
                digest = item.getAux().getDigest();
            }
            String status = item.getStatus();
            if (status == null) {
                return;
            }
            Matcher m = DIGEST_LINE.matcher(status);
            if (m.find()) {
                digest = m.group(1);
                return;
            }
            String id = item.getId();
            if (id == null || id.contains(":")) {
                return;
            }
            if (item.getProgressDetail() != null && item.getProgressDetail().getTotal() != null) {
                layers.put(id, new long[] {
                    item.getProgressDetail().getCurrent() == null
                            ? 0
                            : item.getProgressDetail().getCurrent(),
                    item.getProgressDetail().getTotal()
                });
            }
            String previous = states.put(id, status);
            if (status.equals("Pushed") || status.equals("Layer already exists") || status.startsWith("Mounted from")) {
                if (!status.equals(previous)) {
                    log.info("  layer " + id + ": " + status.toLowerCase(Locale.ROOT));
                }
                long[] sizes = layers.get(id);
                if (sizes != null) {
                    sizes[0] = sizes[1];
                }
            } else if (status.equals("Pushing")
                    && log.isInteractive()
                    && System.nanoTime() - lastReport > THROTTLE_NANOS) {
                lastReport = System.nanoTime();
                long done = layers.values().stream().mapToLong(s -> s[0]).sum();
                long total = layers.values().stream().mapToLong(s -> s[1]).sum();
                log.info(String.format(
                        Locale.ROOT,
                        "  pushing: %.1f MB of %.1f MB (%d%%)",
                        done / 1e6,
                        total / 1e6,
                        total == 0 ? 0 : done * 100 / total));
            }
        }

        void summary(ImageReference image) {
            long uploaded = states.values().stream().filter("Pushed"::equals).count();
            log.info("pushed " + image + (digest == null ? "" : " as " + digest) + " (" + uploaded + " of "
                    + states.size() + " layers uploaded)");
        }
    }
}
