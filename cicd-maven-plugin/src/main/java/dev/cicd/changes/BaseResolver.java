package dev.cicd.changes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cicd.common.CicdException;
import dev.cicd.common.Json;
import dev.cicd.context.CiInfo;
import dev.cicd.context.CiSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;

/** Chooses the commit HEAD is compared with, from what the CI system and the user say. */
final class BaseResolver {

    /** Either a base commit, or the verdict that everything must count as changed. */
    record Resolution(RevCommit base, String baseName, String reason, String everythingReason) {

        static Resolution of(RevCommit base, String reason) {
            return new Resolution(base, base.name(), reason, null);
        }

        static Resolution everything(String baseName, String reason, String everythingReason) {
            return new Resolution(null, baseName, reason, everythingReason);
        }
    }

    /** The variables read here; the cache key holds their values. */
    static final List<String> VARIABLES = List.of(
            "GITHUB_EVENT_PATH",
            "GITHUB_BASE_REF",
            "SYSTEM_PULLREQUEST_TARGETBRANCH",
            "CI_COMMIT_BEFORE_SHA",
            "CI_MERGE_REQUEST_DIFF_BASE_SHA",
            "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",
            "GIT_PREVIOUS_SUCCESSFUL_COMMIT",
            "GIT_PREVIOUS_COMMIT",
            "CHANGE_TARGET");

    private final Repository repository;
    private final RevWalk walk;
    private final RevCommit head;
    private final Set<ObjectId> shallowCommits;
    private final CiInfo ci;
    private final CiSystem system;
    private final Map<String, String> env;

    BaseResolver(
            Repository repository,
            RevWalk walk,
            RevCommit head,
            Set<ObjectId> shallowCommits,
            CiInfo ci,
            Map<String, String> env) {
        this.repository = repository;
        this.walk = walk;
        this.head = head;
        this.shallowCommits = shallowCommits;
        this.ci = ci;
        this.system = ci.system() == null ? CiSystem.LOCAL : ci.system();
        this.env = env;
    }

    Resolution resolve(String configuredBase) throws IOException {
        if (configuredBase != null) {
            return configured(configuredBase);
        }
        String diffBase = system == CiSystem.GITLAB_CI ? get("CI_MERGE_REQUEST_DIFF_BASE_SHA") : null;
        String target = targetBranch();
        if (ci.isPullRequest() || diffBase != null || target != null) {
            return pullRequest(diffBase, target);
        }
        return push();
    }

    private Resolution configured(String configuredBase) throws IOException {
        String reason = "configured base " + configuredBase;
        ObjectId id;
        try {
            id = repository.resolve(configuredBase);
        } catch (RevisionSyntaxException | org.eclipse.jgit.errors.AmbiguousObjectException e) {
            throw CicdException.project("The configured change base (cicd.changesSince) '" + configuredBase
                    + "' is not a revision git understands: " + e.getMessage()
                    + ". Give a full commit id, a branch such as origin/main, or a tag.");
        }
        RevCommit commit = id == null ? null : commit(id);
        if (commit != null) {
            return Resolution.of(commit, reason);
        }
        if (isShallow()) {
            return shallow(configuredBase, reason, "the configured base " + configuredBase);
        }
        throw CicdException.project("The configured change base (cicd.changesSince) '" + configuredBase
                + "' does not name a commit in " + repository.getDirectory()
                + ". Give a commit id, a branch such as origin/main, or a tag, and fetch it before the build.");
    }

    private Resolution pullRequest(String diffBase, String target) throws IOException {
        String pr = ci.pullRequestId() == null ? "" : " (pull request " + ci.pullRequestId() + ")";
        if (diffBase != null) {
            RevCommit commit = commit(diffBase);
            if (commit != null) {
                return Resolution.of(commit, "CI_MERGE_REQUEST_DIFF_BASE_SHA" + pr);
            }
            if (target == null) {
                return isShallow()
                        ? shallow(
                                diffBase,
                                "CI_MERGE_REQUEST_DIFF_BASE_SHA" + pr,
                                "the merge request's diff base " + diffBase)
                        : Resolution.everything(
                                diffBase,
                                "CI_MERGE_REQUEST_DIFF_BASE_SHA" + pr,
                                "the merge request's diff base " + diffBase + " is not in the repository; "
                                        + fetchTargetHint("the target branch"));
            }
            // The target branch may still be there; its merge-base is the same commit in the usual case.
        }
        if (target == null) {
            return Resolution.everything(
                    null,
                    "pull request" + pr,
                    "the pull request's target branch is not known, so its changes cannot be told; "
                            + targetVariableHint());
        }
        Ref ref = targetRef(target);
        if (ref == null) {
            String looked = "refs/remotes/origin/" + target + " and refs/heads/" + target;
            if (isShallow()) {
                return shallow(
                        null,
                        "merge-base with " + target + pr,
                        "the target branch " + target + " (looked for " + looked + ")");
            }
            return Resolution.everything(
                    null,
                    "merge-base with " + target + pr,
                    "the pull request's target branch " + target + " is not in the repository (looked for " + looked
                            + "); " + fetchTargetHint(target));
        }
        String reason = "merge-base of HEAD and " + ref.getName() + pr;
        RevCommit targetCommit = commit(ref.getObjectId());
        if (targetCommit == null) {
            return isShallow()
                    ? shallow(null, reason, ref.getName())
                    : Resolution.everything(
                            null, reason, ref.getName() + " points at a commit that is not in the repository");
        }
        RevCommit mergeBase = mergeBase(targetCommit);
        if (mergeBase != null) {
            return Resolution.of(mergeBase, reason);
        }
        if (isShallow()) {
            return shallow(null, reason, "the common ancestor of HEAD and " + ref.getName());
        }
        return Resolution.everything(null, reason, "HEAD and " + ref.getName() + " share no history");
    }

    private Resolution push() throws IOException {
        String given = null;
        String source = null;
        switch (system) {
            case GITHUB_ACTIONS -> {
                given = githubBefore();
                source = "the push event's 'before' commit";
            }
            case GITLAB_CI -> {
                given = get("CI_COMMIT_BEFORE_SHA");
                source = "CI_COMMIT_BEFORE_SHA";
            }
            case JENKINS -> {
                // The last successful build is the right base: a failed build's changes were never delivered.
                given = get("GIT_PREVIOUS_SUCCESSFUL_COMMIT");
                source = "GIT_PREVIOUS_SUCCESSFUL_COMMIT";
                if (given == null) {
                    given = get("GIT_PREVIOUS_COMMIT");
                    source = "GIT_PREVIOUS_COMMIT";
                }
            }
            default -> {
                // Azure Pipelines and a local build give no previous commit.
            }
        }
        String note = "";
        if (given != null && !isNullSha(given)) {
            RevCommit commit = commit(given);
            if (commit != null && !commit.equals(head)) {
                return Resolution.of(commit, source + " " + given);
            }
            if (commit == null) {
                if (isShallow()) {
                    return shallow(given, source + " " + given, source + " " + given);
                }
                return Resolution.everything(
                        given,
                        source + " " + given,
                        source + " " + given
                                + " is not in the repository (the branch was force-pushed or its history rewritten)");
            }
            // Re-running a build of the same commit should rebuild it, not find nothing to do.
            note = "; " + source + " is HEAD itself (a re-run)";
        }
        if (head.getParentCount() > 0) {
            RevCommit parent = head.getParent(0);
            return Resolution.of(parent, "previous commit (HEAD^1)" + note);
        }
        if (shallowCommits.contains(head)) {
            return shallow(null, "previous commit (HEAD^1)" + note, "the previous commit (HEAD^1)");
        }
        return Resolution.everything(
                null,
                "previous commit (HEAD^1)" + note,
                "HEAD " + head.name() + " is the first commit, it has no parent");
    }

    private RevCommit mergeBase(RevCommit target) throws IOException {
        try (RevWalk mergeBaseWalk = new RevWalk(walk.getObjectReader())) {
            mergeBaseWalk.setRevFilter(RevFilter.MERGE_BASE);
            mergeBaseWalk.markStart(mergeBaseWalk.parseCommit(head));
            mergeBaseWalk.markStart(mergeBaseWalk.parseCommit(target));
            RevCommit found = mergeBaseWalk.next();
            return found == null ? null : walk.parseCommit(found);
        } catch (MissingObjectException e) {
            // A parent beyond a shallow boundary that git did not record: no merge-base can be trusted.
            return null;
        }
    }

    private Ref targetRef(String target) throws IOException {
        for (String candidate : targetRefNames(target)) {
            Ref ref = repository.exactRef(candidate);
            if (ref != null && ref.getObjectId() != null) {
                return ref;
            }
        }
        return null;
    }

    private String targetBranch() {
        return targetBranch(ci, env);
    }

    /** The pull request's target branch as a short name, from CiInfo or else the CI system's variable. */
    static String targetBranch(CiInfo ci, Map<String, String> env) {
        String target = ci.targetBranch();
        if (target == null) {
            target = switch (ci.system() == null ? CiSystem.LOCAL : ci.system()) {
                case GITHUB_ACTIONS -> get(env, "GITHUB_BASE_REF");
                case AZURE_PIPELINES -> get(env, "SYSTEM_PULLREQUEST_TARGETBRANCH");
                case GITLAB_CI -> get(env, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME");
                case JENKINS -> get(env, "CHANGE_TARGET");
                case LOCAL -> null;
            };
        }
        if (target != null && target.startsWith(Constants.R_HEADS)) {
            target = target.substring(Constants.R_HEADS.length());
        }
        return target;
    }

    /** Where a target branch is looked for, in order. */
    static List<String> targetRefNames(String target) {
        return List.of(Constants.R_REMOTES + "origin/" + target, Constants.R_HEADS + target);
    }

    private String githubBefore() {
        String eventPath = get("GITHUB_EVENT_PATH");
        if (eventPath == null) {
            return null;
        }
        Path file = Path.of(eventPath);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode before = Json.MAPPER.readTree(file.toFile()).path("before");
            return before.isTextual() && !before.asText().isBlank()
                    ? before.asText().trim()
                    : null;
        } catch (IOException e) {
            // An unreadable payload only costs precision: the previous commit is the fallback.
            return null;
        }
    }

    /** The commit a revision names, or null when it is not in the repository. */
    private RevCommit commit(String revision) throws IOException {
        ObjectId id;
        try {
            id = ObjectId.isId(revision) ? ObjectId.fromString(revision) : repository.resolve(revision);
        } catch (RevisionSyntaxException | org.eclipse.jgit.errors.AmbiguousObjectException e) {
            return null;
        }
        return id == null ? null : commit(id);
    }

    private RevCommit commit(ObjectId id) throws IOException {
        try {
            RevObject object = walk.peel(walk.parseAny(id));
            return object instanceof RevCommit c ? walk.parseCommit(c) : null;
        } catch (MissingObjectException e) {
            return null;
        }
    }

    private boolean isShallow() {
        return !shallowCommits.isEmpty();
    }

    private Resolution shallow(String baseName, String reason, String missing) {
        return Resolution.everything(
                baseName,
                reason,
                ChangeSet.SHALLOW + ": " + missing
                        + " is not in the fetched history, so every module is treated as changed. To build only what changed, "
                        + depthHint(system) + ".");
    }

    static String depthHint(CiSystem system) {
        return switch (system == null ? CiSystem.LOCAL : system) {
            case GITHUB_ACTIONS ->
                "fetch the whole history: give actions/checkout `fetch-depth: 0` (with: fetch-depth: 0)";
            case AZURE_PIPELINES ->
                "fetch the whole history: add `fetchDepth: 0` to the checkout step (- checkout: self, fetchDepth: 0)";
            case GITLAB_CI ->
                "fetch the whole history: set the variable `GIT_DEPTH: 0` for the job"
                        + " (or 'Git shallow clone' to 0 under Settings > CI/CD > General pipelines)";
            case JENKINS ->
                "fetch the whole history: disable shallow clone in the checkout's clone options"
                        + " (Advanced clone behaviours, or [$class: 'CloneOption', shallow: false] in the pipeline)";
            case LOCAL -> "fetch the whole history: run `git fetch --unshallow`";
        };
    }

    private String fetchTargetHint(String target) {
        return switch (system) {
            case GITHUB_ACTIONS ->
                "fetch it before the build: actions/checkout with `fetch-depth: 0` fetches every branch";
            case AZURE_PIPELINES ->
                "fetch it before the build: `fetchDepth: 0` in the checkout step fetches every branch";
            case GITLAB_CI ->
                "run the job in a merge request pipeline (which sets CI_MERGE_REQUEST_DIFF_BASE_SHA)"
                        + " or fetch it before the build with `git fetch origin " + target + "`";
            case JENKINS ->
                "add it to the checkout's refspecs (+refs/heads/" + target + ":refs/remotes/origin/" + target
                        + ") or fetch it before the build";
            case LOCAL -> "fetch it with `git fetch origin " + target + "`";
        };
    }

    private String targetVariableHint() {
        return switch (system) {
            case GITHUB_ACTIONS -> "GITHUB_BASE_REF is not set";
            case AZURE_PIPELINES -> "SYSTEM_PULLREQUEST_TARGETBRANCH is not set";
            case GITLAB_CI -> "neither CI_MERGE_REQUEST_DIFF_BASE_SHA nor CI_MERGE_REQUEST_TARGET_BRANCH_NAME is set";
            case JENKINS -> "CHANGE_TARGET is not set";
            case LOCAL -> "give the base with -Dcicd.changesSince=<revision>";
        };
    }

    private static boolean isNullSha(String sha) {
        return sha.chars().allMatch(c -> c == '0');
    }

    private String get(String name) {
        return get(env, name);
    }

    private static String get(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
