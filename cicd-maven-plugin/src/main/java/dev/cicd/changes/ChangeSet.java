package dev.cicd.changes;

import java.util.List;

/**
 * What changed between the build's base revision and HEAD.
 *
 * @param base the commit compared against, null when there is none (first commit) or it could not be
 *     determined
 * @param head the commit being built (the repository's HEAD), null when the repository has no commit
 * @param baseReason how the base was chosen, for the build log ("merge-base of HEAD and origin/main
 *     (pull request 42)")
 * @param files changed paths relative to the repository root with '/' separators, sorted; both paths
 *     of a rename; empty when {@link #everything} is set
 * @param everything whether every module must be treated as changed because the change could not be
 *     told reliably
 * @param everythingReason why, with what to do about it; null unless {@link #everything}
 */
public record ChangeSet(
        String base, String head, String baseReason, List<String> files, boolean everything, String everythingReason) {

    /** Prefix of {@link #everythingReason} when a shallow clone hid the base. */
    public static final String SHALLOW = "shallow clone";

    public ChangeSet {
        files = files == null ? List.of() : List.copyOf(files);
    }

    static ChangeSet everything(String base, String head, String baseReason, String reason) {
        return new ChangeSet(base, head, baseReason, List.of(), true, reason);
    }

    /** Whether everything is considered changed because the clone is too shallow to reach the base. */
    public boolean shallow() {
        return everything && everythingReason != null && everythingReason.startsWith(SHALLOW);
    }
}
