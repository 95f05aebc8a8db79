package dev.cicd.promote;

import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.registry.Descriptor;
import dev.cicd.registry.RegistryClient;
import dev.cicd.registry.RegistryManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Copies an image from one repository to another through the registry API, keeping its digest: no
 * Docker engine, no pull. Within one registry, blobs are mounted (linked, not copied); between
 * registries they are streamed from one to the other. Manifests, and the index of a multi-platform
 * image, are put byte for byte, then the target's digest is read back and compared.
 */
public final class ImageCopier {

    /** What the copy did. */
    public record Copied(String digest, int blobs, int mounted, int streamed, int present, long bytesStreamed) {}

    private static final int PARALLEL_BLOBS = 4;

    private final BuildLog log;

    public ImageCopier(BuildLog log) {
        this.log = log;
    }

    /**
     * Copies {@code digest} from {@code source}/{@code sourceRepository} to
     * {@code target}/{@code targetRepository}, tagging it {@code tag} there (null: by digest only).
     */
    public Copied copy(
            RegistryClient source,
            String sourceRepository,
            String digest,
            RegistryClient target,
            String targetRepository,
            String tag) {
        Counter counter = new Counter();
        RegistryManifest manifest = source.manifest(sourceRepository, digest);
        copyManifestTree(source, sourceRepository, manifest, target, targetRepository, counter);
        String reference = tag == null ? digest : tag;
        Optional<Descriptor> existing = target.head(targetRepository, reference);
        if (existing.isEmpty() || !existing.get().digest().equals(digest)) {
            target.putManifest(targetRepository, reference, manifest);
        }
        Descriptor readBack = target.head(targetRepository, reference)
                .orElseThrow(() -> CicdException.environment("registry " + target.host() + " does not show "
                        + targetRepository + ":" + reference + " after the copy"));
        if (!readBack.digest().equals(digest)) {
            throw CicdException.environment("the copy of " + digest + " to " + target.host() + "/" + targetRepository
                    + ":" + reference + " has digest " + readBack.digest() + "; the registry changed the manifest");
        }
        return new Copied(digest, counter.blobs, counter.mounted, counter.streamed, counter.present, counter.bytes);
    }

    /** Children first (blobs, then the manifests an index lists), so the registry accepts each manifest. */
    private void copyManifestTree(
            RegistryClient source,
            String sourceRepository,
            RegistryManifest manifest,
            RegistryClient target,
            String targetRepository,
            Counter counter) {
        if (manifest.isIndex()) {
            for (Descriptor child : manifest.children()) {
                RegistryManifest childManifest = source.manifest(sourceRepository, child.digest());
                copyManifestTree(source, sourceRepository, childManifest, target, targetRepository, counter);
                if (target.head(targetRepository, child.digest()).isEmpty()) {
                    target.putManifest(targetRepository, child.digest(), childManifest);
                }
            }
            return;
        }
        List<Descriptor> blobs = new ArrayList<>();
        if (manifest.config().digest() != null) {
            blobs.add(manifest.config());
        }
        blobs.addAll(manifest.children());
        // Layers travel side by side, as docker push and skopeo move them: one large layer at a time
        // leaves the connection idle while the other side writes or hashes.
        ExecutorService pool =
                Executors.newFixedThreadPool(Math.min(PARALLEL_BLOBS, Math.max(1, blobs.size())), runnable -> {
                    Thread thread = new Thread(runnable, "cicd-blob-copy");
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            List<Future<?>> copies = new ArrayList<>();
            for (Descriptor blob : blobs) {
                copies.add(
                        pool.submit(() -> copyBlob(source, sourceRepository, blob, target, targetRepository, counter)));
            }
            for (Future<?> copy : copies) {
                try {
                    copy.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw CicdException.environment("interrupted while copying blobs", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void copyBlob(
            RegistryClient source,
            String sourceRepository,
            Descriptor blob,
            RegistryClient target,
            String targetRepository,
            Counter counter) {
        counter.add(c -> c.blobs++);
        if (target.blobExists(targetRepository, blob.digest())) {
            counter.add(c -> c.present++);
            return;
        }
        boolean sameRegistry = source.host().equals(target.host());
        if (sameRegistry && target.mountBlob(targetRepository, blob.digest(), sourceRepository)) {
            counter.add(c -> c.mounted++);
            log.debug("mounted " + blob.digest() + " from " + sourceRepository);
            return;
        }
        log.info(String.format(
                Locale.ROOT, "  copying blob %s (%.1f MB)", blob.digest().substring(0, 19), blob.size() / 1e6));
        target.uploadBlob(
                targetRepository, blob.digest(), blob.size(), () -> source.blob(sourceRepository, blob.digest()));
        counter.add(c -> {
            c.streamed++;
            c.bytes += blob.size();
        });
    }

    private static final class Counter {
        int blobs;
        int mounted;
        int streamed;
        int present;
        long bytes;

        synchronized void add(java.util.function.Consumer<Counter> change) {
            change.accept(this);
        }
    }
}
