package dev.cicd.context;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything later steps need to know about this build of one service: where it runs, which stage
 * of the pipeline it is, the version and the names it publishes under, and which steps run.
 * Written to {@code target/cicd/context.json} in the flat form of {@link Written}.
 *
 * @param service the service name (release branches name it)
 * @param ci what the CI system (or the checkout) says: system, branch, pull request, revision
 * @param stage the stage: feature, pr, main or release
 * @param stageReason why this stage was chosen, for people reading the log
 * @param version the version; image tag and chart version derive from it
 * @param registry registry host[:port]; empty for a local-only build
 * @param repository the image repository inside the registry
 * @param steps the steps this build runs
 * @param skipReason non-null when this service's steps all skip (a release branch of another service,
 *     or no change that concerns it)
 * @param changes what change detection found for this service; null when it did not run
 */
public record PipelineContext(
        String service,
        CiInfo ci,
        Stage stage,
        String stageReason,
        SemVer version,
        String registry,
        String repository,
        Set<Step> steps,
        String skipReason,
        Changes changes) {

    public PipelineContext {
        steps = Set.copyOf(steps);
    }

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
        return new PipelineContext(service, ci, stage, stageReason, version, registry, repository, steps, skip, found);
    }

    private static String shortBase(String base) {
        return base == null ? "the base" : base.length() > 12 ? base.substring(0, 12) : base;
    }

    /** The branch built (the source branch of a pull request); null when unknown. */
    public String branch() {
        return ci.branch();
    }

    /** The full commit id, null when unknown. */
    public String revision() {
        return ci.revision();
    }

    public String shortRevision() {
        return ci.revision() == null
                ? null
                : ci.revision().substring(0, Math.min(7, ci.revision().length()));
    }

    /** {@code v} and the version: the tag of the runtime image. */
    public String imageTag() {
        return version.imageTag();
    }

    /** The Helm chart version: the version without {@code v}. */
    public String chartVersion() {
        return version.chartVersion();
    }

    /** The full runtime image reference, {@code <registry>/<repository>:<imageTag>}. */
    public String image() {
        return (registry.isEmpty() ? "" : registry + "/") + repository + ":" + imageTag();
    }

    /** The steps' ids in pipeline order, e.g. {@code [test, image]}. */
    public List<String> stepIds() {
        return steps.stream().sorted().map(Step::id).toList();
    }

    /**
     * The change cause a release records (kubernetes.io/change-cause): {@code given} when the user gave
     * one, else {@code Release v1.0.2 of delivery from release/delivery/v1.0.2@abc1234} ({@code Build ...}
     * outside the release stage).
     */
    public String changeCause(String given) {
        if (given != null && !given.isBlank()) {
            return given.trim();
        }
        StringBuilder cause = new StringBuilder(stage == Stage.RELEASE ? "Release" : "Build")
                .append(' ')
                .append(imageTag())
                .append(" of ")
                .append(service);
        if (branch() != null) {
            cause.append(" from ").append(branch());
            if (shortRevision() != null) {
                cause.append('@').append(shortRevision());
            }
        } else if (shortRevision() != null) {
            cause.append(" at ").append(shortRevision());
        }
        return cause.toString();
    }

    /** Why {@code step} does not run in this build; empty when it runs. */
    public Optional<String> whyNot(Step step) {
        if (skipReason != null) {
            return Optional.of(skipReason);
        }
        if (!steps.contains(step)) {
            return Optional.of("stage '" + stage.id() + "' does not run step '" + step.id() + "' (steps of this stage: "
                    + (steps.isEmpty() ? "none" : String.join(",", stepIds()))
                    + "; change with <stageSteps> or -Dcicd.steps)");
        }
        return Optional.empty();
    }

    public boolean runs(Step step) {
        return whyNot(step).isEmpty();
    }

    /** What {@code context.json} holds: every value flat, for CI scripts and people. */
    public Written written() {
        return new Written(
                service,
                ci.system().id(),
                ci.branch(),
                ci.pullRequestId(),
                ci.targetBranch(),
                stage.id(),
                stageReason,
                version.toString(),
                imageTag(),
                chartVersion(),
                ci.revision(),
                registry,
                repository,
                image(),
                stepIds(),
                skipReason,
                changes);
    }

    /** The JSON form of a context, field by field as {@code context.json} has always had it. */
    public record Written(
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
            Changes changes) {}
}
