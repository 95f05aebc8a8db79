package dev.cicd.context;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Optional;

/**
 * Everything later steps need to know about this build of one service: where it runs, which stage
 * of the pipeline it is, the version and the names it publishes under, and which steps run.
 * Written to {@code target/cicd/context.json}.
 *
 * @param service the service name (release branches name it)
 * @param ci the CI system id, or {@code local}
 * @param branch the branch built (source branch of a pull request); null when unknown
 * @param pullRequest the pull request number, null when not a pull request
 * @param targetBranch the branch a pull request merges into
 * @param stage the stage id: feature, pr, main or release
 * @param stageReason why this stage was chosen, for people reading the log
 * @param version the SemVer version without {@code v}
 * @param imageTag {@code v} and the version: the tag of the runtime image
 * @param chartVersion the Helm chart version (the version without {@code v})
 * @param revision the full commit id, null when unknown
 * @param registry registry host[:port]; empty for a local-only build
 * @param repository the image repository inside the registry
 * @param image the full runtime image reference, {@code <registry>/<repository>:<imageTag>}
 * @param steps the step ids this build runs
 * @param skipReason non-null when this service's steps all skip (a release branch of another service,
 *     or no change that concerns it)
 * @param changes what change detection found for this service; null when it did not run
 */
public record PipelineContext(
        String service,
        String ci,
        String branch,
        String pullRequest,
        String targetBranch,
        String stage,
        String stageReason,
        String version,
        String imageTag,
        String chartVersion,
        String revision,
        String registry,
        String repository,
        String image,
        List<String> steps,
        String skipReason,
        Changes changes) {

    /**
     * Change detection's answer for this service.
     *
     * @param base the revision compared with HEAD
     * @param baseReason why that revision (merge-base with main, the previous commit, ...)
     * @param affected whether the service's steps run
     * @param reason why: the files that changed, a dependency that changed, or why everything runs
     * @param triggers the changed files that concern the service (capped)
     */
    public record Changes(String base, String baseReason, boolean affected, String reason, List<String> triggers) {}

    /** This context with change detection's answer: an unaffected service skips every step. */
    public PipelineContext withChanges(Changes found) {
        String skip = skipReason;
        if (skip == null && !found.affected()) {
            String why = found.reason() == null ? "" : found.reason().replaceFirst("^not affected: ", "");
            skip = "not affected by the changes since " + shortBase(found.base())
                    + (why.isEmpty() ? "" : " (" + why + ")");
        }
        return new PipelineContext(
                service,
                ci,
                branch,
                pullRequest,
                targetBranch,
                stage,
                stageReason,
                version,
                imageTag,
                chartVersion,
                revision,
                registry,
                repository,
                image,
                steps,
                skip,
                found);
    }

    private static String shortBase(String base) {
        return base == null ? "the base" : base.length() > 12 ? base.substring(0, 12) : base;
    }

    @JsonIgnore
    public Stage stageValue() {
        return Stage.fromId(stage);
    }

    @JsonIgnore
    public String shortRevision() {
        return revision == null ? null : revision.substring(0, Math.min(7, revision.length()));
    }

    /** Why {@code step} does not run in this build; empty when it runs. */
    public Optional<String> whyNot(Step step) {
        if (skipReason != null) {
            return Optional.of(skipReason);
        }
        if (!steps.contains(step.id())) {
            return Optional.of("stage '" + stage + "' does not run step '" + step.id() + "' (steps of this stage: "
                    + (steps.isEmpty() ? "none" : String.join(",", steps))
                    + "; change with <stageSteps> or -Dcicd.steps)");
        }
        return Optional.empty();
    }

    public boolean runs(Step step) {
        return whyNot(step).isEmpty();
    }
}
