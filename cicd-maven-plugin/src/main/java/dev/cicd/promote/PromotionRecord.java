package dev.cicd.promote;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A completed promotion as the production cluster keeps it: what went to production, approved by
 * whom and when, promoted by whom and when, as which revision. Stored as a ConfigMap's data
 * ({@link #data()}), the schema docs/promote.md describes.
 *
 * @param approval the approval the promotion went out on
 * @param productionImage the image production runs, {@code <registry>/prod/<repository>@<digest>}
 * @param promotedBy who ran the promotion, as the cluster identified them
 * @param promotedAt when
 * @param revision the production release's revision
 */
public record PromotionRecord(
        Approval approval, String productionImage, String promotedBy, Instant promotedAt, int revision) {

    /** The ConfigMap data: one string per field, as {@code kubectl get configmap -o yaml} shows them. */
    public Map<String, String> data() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("service", approval.service());
        data.put("version", approval.version());
        data.put("imageDigest", approval.imageDigest());
        data.put("productionImage", productionImage);
        data.put("environment", approval.environment());
        data.put("approver", approval.approver());
        data.put("approvedAt", approval.approvedAt().toString());
        data.put("approval", approval.name());
        data.put("promotedBy", promotedBy);
        data.put("promotedAt", promotedAt.toString());
        data.put("revision", String.valueOf(revision));
        return data;
    }

    /** Reads the data back; fields a record lacks stay empty rather than failing the history. */
    static PromotionRecord fromData(Map<String, String> data) {
        Approval approval = new Approval(
                data.getOrDefault("approval", ""),
                data.getOrDefault("service", ""),
                data.getOrDefault("version", ""),
                data.getOrDefault("imageDigest", ""),
                data.getOrDefault("chartVersion", ""),
                data.getOrDefault("environment", ""),
                data.getOrDefault("approver", ""),
                instant(data.get("approvedAt")),
                instant(data.get("approvedAt")),
                null);
        return new PromotionRecord(
                approval,
                data.getOrDefault("productionImage", ""),
                data.getOrDefault("promotedBy", ""),
                instant(data.get("promotedAt")),
                parseRevision(data.get("revision")));
    }

    /** {@code v1.0.2 sha256:... approved by alice at ..., promoted by ci at ... (revision 3)}. */
    public String describe() {
        return approval.version() + " " + approval.imageDigest() + " approved by " + approval.approver() + " at "
                + approval.approvedAt() + ", promoted by " + promotedBy + " at " + promotedAt + " (revision "
                + revision + ")";
    }

    private static Instant instant(String text) {
        try {
            return text == null ? Instant.EPOCH : Instant.parse(text);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    private static int parseRevision(String text) {
        try {
            return text == null ? 0 : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
