package dev.cicd.promote;

import java.time.Instant;

/**
 * A sign-off for one service, one version, one image digest, one chart version and one target
 * environment, by a person the cluster identified, valid until it expires.
 */
public record Approval(
        String name,
        String service,
        String version,
        String imageDigest,
        String chartVersion,
        String environment,
        String approver,
        Instant approvedAt,
        Instant expiresAt,
        String comment) {

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
