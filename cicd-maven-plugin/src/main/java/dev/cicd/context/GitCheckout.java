package dev.cicd.context;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** Branch and commit of the git checkout that holds a project directory, read with JGit. */
public record GitCheckout(Path workTree, String branch, String revision, Instant commitTime, String authorEmail) {

    /**
     * Finds the checkout that contains {@code directory}, looking upwards as git does; empty when
     * the directory is not inside a git work tree or the repository has no commit yet.
     */
    public static Optional<GitCheckout> find(Path directory) {
        FileRepositoryBuilder builder =
                new FileRepositoryBuilder().readEnvironment().findGitDir(directory.toFile());
        if (builder.getGitDir() == null) {
            return Optional.empty();
        }
        try (Repository repository = builder.build()) {
            ObjectId head = repository.resolve(Constants.HEAD);
            String fullBranch = repository.getFullBranch();
            String branch = fullBranch != null && fullBranch.startsWith(Constants.R_HEADS)
                    ? fullBranch.substring(Constants.R_HEADS.length())
                    : null;
            File workTree = repository.isBare() ? repository.getDirectory() : repository.getWorkTree();
            Instant commitTime = null;
            String authorEmail = null;
            if (head != null) {
                try (RevWalk walk = new RevWalk(repository)) {
                    RevCommit commit = walk.parseCommit(head);
                    commitTime = Instant.ofEpochSecond(commit.getCommitTime());
                    authorEmail = commit.getAuthorIdent().getEmailAddress();
                }
            }
            return Optional.of(new GitCheckout(
                    workTree.toPath(), branch, head == null ? null : head.name(), commitTime, authorEmail));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The time a build's artifacts carry: {@code SOURCE_DATE_EPOCH} when set (the reproducible-builds
     * convention), else the commit time, else now. A rebuild of the same commit then gets the same
     * labels and archive entries, so the engine's cache and the chart digest stay the same.
     */
    public static Instant reproducibleTime(Path directory, java.util.Map<String, String> env) {
        String epoch = env.get("SOURCE_DATE_EPOCH");
        if (epoch != null && epoch.matches("\\d+")) {
            return Instant.ofEpochSecond(Long.parseLong(epoch));
        }
        return find(directory).map(GitCheckout::commitTime).orElseGet(Instant::now);
    }
}
