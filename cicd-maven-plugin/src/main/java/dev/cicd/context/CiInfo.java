package dev.cicd.context;

/**
 * What the CI system (or the local checkout) says about this build.
 *
 * @param system where the build runs
 * @param branch the branch being built; for a pull request, its source branch; null when unknown
 *     (a detached checkout outside CI)
 * @param pullRequestId the pull or merge request number, null when this is not a pull request
 * @param targetBranch the branch a pull request merges into, null otherwise
 * @param revision the full commit id, null when unknown
 */
public record CiInfo(CiSystem system, String branch, String pullRequestId, String targetBranch, String revision) {

    public boolean isPullRequest() {
        return pullRequestId != null;
    }

    public CiInfo withBranch(String newBranch) {
        return new CiInfo(system, newBranch, pullRequestId, targetBranch, revision);
    }

    public CiInfo withRevision(String newRevision) {
        return new CiInfo(system, branch, pullRequestId, targetBranch, newRevision);
    }
}
