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

    public Map<String, Object> asSetValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("image.repository", imageRepository);
        values.put("image.tag", imageTag);
        if (imageDigest != null && !imageDigest.isBlank()) {
            values.put("image.digest", imageDigest);
        }
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
