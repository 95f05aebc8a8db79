package dev.cicd.context;

import java.util.List;

/**
 * What a build will do for each service of a reactor, and why: written by {@code cicd:plan} as
 * {@code target/cicd/plan.json}. {@code matrix} has the shape CI matrices take (GitHub Actions'
 * {@code strategy.matrix: ${{ fromJSON(...) }}}): one entry per service that will build.
 *
 * @param branch the branch
 * @param stage the stage of the branch
 * @param base the revision changes are counted from, null when change detection is off
 * @param baseReason why that revision
 * @param services every service, built or not
 * @param matrix the services that build
 */
public record Plan(String branch, String stage, String base, String baseReason, List<Service> services, Matrix matrix) {

    /** One service: where it is, what version it builds, which steps run, and why (or why not). */
    public record Service(
            String service,
            String module,
            String path,
            String stage,
            String version,
            String imageTag,
            boolean builds,
            List<String> steps,
            String reason,
            List<String> changedFiles) {}

    /** The services that build, as a CI matrix. */
    public record Matrix(List<Entry> include) {}

    /** One matrix entry. */
    public record Entry(String service, String path, String version) {}
}
