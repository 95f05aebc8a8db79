package dev.cicd.chart;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values the pipeline sets on every render and deploy, whatever the values files say. Charts
 * read them as {@code .Values.image.repository}, {@code .Values.image.tag},
 * {@code .Values.image.digest} (empty until the image is pushed) and {@code .Values.reason} (the
 * change cause the Deployment's {@code kubernetes.io/change-cause} annotation carries).
 */
public record PipelineValues(String imageRepository, String imageTag, String imageDigest, String reason) {

    /** The values as a values file nests them: {@code image: {repository, tag, digest}, reason}. */
    public Map<String, Object> asValues() {
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("repository", imageRepository);
        image.put("tag", imageTag);
        if (imageDigest != null && !imageDigest.isBlank()) {
            image.put("digest", imageDigest);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("image", image);
        if (reason != null) {
            values.put("reason", reason);
        }
        return values;
    }

    public PipelineValues withDigest(String digest) {
        return new PipelineValues(imageRepository, imageTag, digest, reason);
    }

    public PipelineValues withReason(String newReason) {
        return new PipelineValues(imageRepository, imageTag, imageDigest, newReason);
    }
}
