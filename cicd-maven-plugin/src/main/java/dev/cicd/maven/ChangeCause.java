package dev.cicd.maven;

import dev.cicd.context.PipelineContext;

/** The change cause a release records (kubernetes.io/change-cause), when the user gives none. */
final class ChangeCause {

    private ChangeCause() {}

    /** {@code Release v1.0.2 of delivery from release/delivery/v1.0.2@abc1234}; {@code Build ...} outside release. */
    static String of(PipelineContext context, String given) {
        if (given != null && !given.isBlank()) {
            return given.trim();
        }
        String verb = "release".equals(context.stage()) ? "Release" : "Build";
        StringBuilder cause = new StringBuilder(verb)
                .append(' ')
                .append(context.imageTag())
                .append(" of ")
                .append(context.service());
        if (context.branch() != null) {
            cause.append(" from ").append(context.branch());
            if (context.shortRevision() != null) {
                cause.append('@').append(context.shortRevision());
            }
        } else if (context.shortRevision() != null) {
            cause.append(" at ").append(context.shortRevision());
        }
        return cause.toString();
    }
}
