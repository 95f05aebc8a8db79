package dev.cicd.promote;

import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.registry.Descriptor;
import dev.cicd.registry.RegistryClient;
import dev.cicd.registry.RegistryManifest;
import java.util.Locale;
import java.util.Optional;

/**
 * Copies an image from one repository to another through the registry API, keeping its digest: no
 * Docker engine, no pull. Within one registry, blobs are mounted (linked, not copied); between
 * registries they are streamed from one to the other. Manifests, and the index of a multi-platform
 * image, are put byte for byte, then the target's digest is read back and compared.
 */
public final class ImageCopier {

    /** What the copy did. */
    public record Copied(String digest, int blobs, int mounted, int streamed, int present, long bytesStreamed) {}

    private final BuildLog log;

    public ImageCopier(BuildLog log) {
        this.log = log;
    }

    /**
     * Copies {@code digest} from {@code source}/{@code sourceRepository} to
     * {@code target}/{@code targetRepository}, tagging it {@code tag} there (null: by digest only).
     */
    public Copied copy(RegistryClient source, String sourceRepository, String digest,
            RegistryClient target, String targetRepository, String tag) {
        Counter counter = new Counter();
        RegistryManifest manifest = source.manifest(sourceRepository, digest);
        copyManifestTree(source, sourceRepository, manifest, target, targetRepository, counter);
        String reference = tag == null ? digest : tag;
        Optional<Descriptor> existing = target.head(targetRepository, reference);
        if (existing.isEmpty() || !existing.get().digest().equals(digest)) {
            target.putManifest(targetRepository, reference, manifest);
        }
        Descriptor readBack = target.head(targetRepository, reference).orElseThrow(() -> CicdException.environment(
                "registry " + target.host() + " does not show " + targetRepository + ":" + reference + " after the copy"));
        if (!readBack.digest().equals(digest)) {
            throw CicdException.environment("the copy of " + digest + " to " + target.host() + "/" + targetRepository + ":" + reference
                    + " has digest " + readBack.digest() + "; the registry changed the manifest");
        }
        return new Copied(digest, counter.blobs, counter.mounted, counter.streamed, counter.present, counter.bytes);
    }

    /** Children first (blobs, then the manifests an index lists), so the registry accepts each manifest. */
    private void copyManifestTree(RegistryClient source, String sourceRepository, RegistryManifest manifest,
            RegistryClient target, String targetRepository, Counter counter) {
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
        Descriptor config = manifest.config();
        if (config.digest() != null) {
            copyBlob(source, sourceRepository, config, target, targetRepository, counter);
        }
        for (Descriptor layer : manifest.children()) {
            copyBlob(source, sourceRepository, layer, target, targetRepository, counter);
        }
    }

    private void copyBlob(RegistryClient source, String sourceRepository, Descriptor blob,
            RegistryClient target, String targetRepository, Counter counter) {
        counter.blobs++;
        if (target.blobExists(targetRepository, blob.digest())) {
            counter.present++;
            return;
        }
        boolean sameRegistry = source.host().equals(target.host());
        if (sameRegistry && target.mountBlob(targetRepository, blob.digest(), sourceRepository)) {
            counter.mounted++;
            log.debug("mounted " + blob.digest() + " from " + sourceRepository);
            return;
        }
        log.info(String.format(Locale.ROOT, "  copying blob %s (%.1f MB)", blob.digest().substring(0, 19), blob.size() / 1e6));
        target.uploadBlob(targetRepository, blob.digest(), blob.size(), () -> source.blob(sourceRepository, blob.digest()));
        counter.streamed++;
        counter.bytes += blob.size();
    }

    private static final class Counter {
        int blobs;
        int mounted;
        int streamed;
        int present;
        long bytes;
    }
}
