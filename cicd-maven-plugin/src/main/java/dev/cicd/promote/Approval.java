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

    /** The four-eyes comparison of a cluster user with a release's authors. */
    public static boolean isAuthor(String approver, java.util.List<String> authors) {
        return Authors.isAuthor(approver, authors);
    }

    public boolean covers(String wantedService, String wantedVersion, String wantedDigest, String wantedEnvironment) {
        return service.equals(wantedService)
                && version.equals(wantedVersion)
                && imageDigest.equals(wantedDigest)
                && environment.equals(wantedEnvironment);
    }
}
