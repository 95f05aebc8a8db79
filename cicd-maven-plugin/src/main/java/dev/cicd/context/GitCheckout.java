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
}
