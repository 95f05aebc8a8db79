package dev.cicd.context;

import java.util.List;
import java.util.Objects;

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
public record Plan(String branch, Stage stage, String base, String baseReason, List<Service> services, Matrix matrix) {

    /**
     * The plan of a reactor build: {@code contexts} are the modules' contexts, in reactor order, and
     * {@code services} what each will do.
     */
    public static Plan of(String branch, List<PipelineContext> contexts, List<Service> services) {
        Stage stage =
                contexts.isEmpty() ? null : contexts.get(contexts.size() - 1).stage();
        PipelineContext.Changes changes = contexts.stream()
                .map(PipelineContext::changes)
                .filter(Objects::nonNull)
                .reduce((first, second) -> second)
                .orElse(null);
        List<Entry> matrix = services.stream()
                .filter(Service::builds)
                .map(s -> new Entry(s.service(), s.path(), s.version()))
                .toList();
        return new Plan(
                branch,
                stage,
                changes == null ? null : changes.base(),
                changes == null ? null : changes.baseReason(),
                services,
                new Matrix(matrix));
    }

    /** One service: where it is, what version it builds, which steps run, and why (or why not). */
    public record Service(
            String service,
            String module,
            String path,
            Stage stage,
            String version,
            String imageTag,
            boolean builds,
            List<String> steps,
            String reason,
            List<String> changedFiles) {

        /** What a build of this module does, from its context; {@code reason} says why. */
        public static Service of(PipelineContext context, String module, String path, String reason) {
            boolean builds = context.skipReason() == null;
            return new Service(
                    context.service(),
                    module,
                    path,
                    context.stage(),
                    context.version().toString(),
                    context.imageTag(),
                    builds,
                    builds ? context.stepIds() : List.of(),
                    reason,
                    context.changes() == null ? List.of() : context.changes().triggers());
        }

        /** {@code main v1.2.0, steps test,image - changed: ...} or {@code skips: ...}, as plan prints it. */
        public String describe() {
            return builds
                    ? stage.id() + " " + imageTag + ", steps " + String.join(",", steps) + " - " + reason
                    : "skips: " + reason;
        }
    }

    /** The services that build, as a CI matrix. */
    public record Matrix(List<Entry> include) {}

    /** One matrix entry. */
    public record Entry(String service, String path, String version) {}
}
