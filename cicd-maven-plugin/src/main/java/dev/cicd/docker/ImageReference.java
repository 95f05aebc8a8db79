package dev.cicd.docker;

import dev.cicd.common.CicdException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image name: {@code [registry/]repository[:tag][@digest]}. Immutable; {@link #parse} and
 * {@link #of} check the parts the way the Docker engine does.
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

    private static final Pattern REPOSITORY =
            Pattern.compile("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$");
    private static final Pattern TAG = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$");
    private static final Pattern DIGEST = Pattern.compile("^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$");

    public ImageReference {
        registry = registry == null ? "" : registry;
        if (!REPOSITORY.matcher(repository).matches()) {
            throw CicdException.project("'" + repository + "' is not a valid image repository name"
                    + " (lower-case letters, digits, and '.', '_', '-' or '/' between them)");
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw CicdException.project("'" + tag + "' is not a valid image tag"
                    + " (at most 128 letters, digits, '_', '.', '-', not starting with '.' or '-')");
        }
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            throw CicdException.project("'" + digest + "' is not a valid image digest (algorithm:hex)");
        }
    }

    public static ImageReference of(String registry, String repository, String tag) {
        return new ImageReference(registry, repository, tag, null);
    }

    public static ImageReference parse(String reference) {
        String rest = reference.trim();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String registry = "";
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        return new ImageReference(registry, rest, tag, digest);
    }

    /**
     * Refuses references the pipeline must never publish or deploy: no tag, or {@code latest},
     * which says nothing about what runs.
     */
    public ImageReference requireVersionTag() {
        if (tag == null || tag.isBlank()) {
            throw CicdException.project(
                    "image " + this + " has no tag; the pipeline tags every image with its version");
        }
        if (tag.equalsIgnoreCase("latest")) {
            throw CicdException.project("image tag 'latest' is refused: always build and deploy a specific version"
                    + " (the tag comes from -Dcicd.version or the release branch)");
        }
        return this;
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, newTag, digest);
    }

    public ImageReference withDigest(String newDigest) {
        return new ImageReference(registry, repository, tag, newDigest);
    }

    public Optional<String> registryHost() {
        return registry.isEmpty() ? Optional.empty() : Optional.of(registry);
    }

    /** {@code registry/repository} without tag or digest. */
    public String name() {
        return registry.isEmpty() ? repository : registry + "/" + repository;
    }

    @Override
    public String toString() {
        return name() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
