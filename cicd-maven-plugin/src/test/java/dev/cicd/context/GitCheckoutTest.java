package dev.cicd.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCheckoutTest {

    @TempDir
    Path repo;

    @Test
    void readsBranchAndHeadOfTheEnclosingRepository() throws Exception {
        RevCommit commit;
        try (Git git =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(repo.resolve("src/shipping/delivery"));
            Files.writeString(repo.resolve("src/shipping/delivery/pom.xml"), "<project/>");
            git.add().addFilepattern(".").call();
            commit = git.commit()
                    .setMessage("first")
                    .setAuthor("dev", "dev@example.com")
                    .setSign(false)
                    .call();
            git.checkout()
                    .setCreateBranch(true)
                    .setName("feature/delivery/retry")
                    .call();
        }

        GitCheckout checkout =
                GitCheckout.find(repo.resolve("src/shipping/delivery")).orElseThrow();

        assertThat(checkout.branch()).isEqualTo("feature/delivery/retry");
        assertThat(checkout.revision()).isEqualTo(commit.name());
        assertThat(checkout.commitTime().getEpochSecond()).isEqualTo(commit.getCommitTime());
    }

    @Test
    void detachedHeadHasNoBranch() throws Exception {
        try (Git git =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("a.txt"), "a");
            git.add().addFilepattern(".").call();
            RevCommit commit = git.commit()
                    .setMessage("first")
                    .setAuthor("dev", "dev@example.com")
                    .setSign(false)
                    .call();
            git.checkout().setName(commit.name()).call();
        }

        GitCheckout checkout = GitCheckout.find(repo).orElseThrow();

        assertThat(checkout.branch()).isNull();
        assertThat(checkout.revision()).hasSize(40);
    }

    @Test
    void localBuildInAFeatureBranchGetsAVersionNamingBranchAndCommit() throws Exception {
        String sha;
        try (Git git = Git.init()
                .setDirectory(repo.toFile())
                .setInitialBranch("feature/delivery/Retry_Queue")
                .call()) {
            Files.writeString(repo.resolve("a.txt"), "a");
            git.add().addFilepattern(".").call();
            sha = git.commit()
                    .setMessage("first")
                    .setAuthor("dev", "dev@example.com")
                    .setSign(false)
                    .call()
                    .name();
        }
        CiInfo info = CiDetector.forProject(Map.of(), repo).detect();

        PipelineContext context =
                new ContextResolver(java.time.Clock.systemUTC()).resolve(info, ContextResolver.Settings.of("delivery"));

        assertThat(context.stage().id()).isEqualTo("feature");
        assertThat(context.version().toString()).isEqualTo("0.0.0-feature-delivery-retry-queue." + sha.substring(0, 7));
        assertThat(context.imageTag()).isEqualTo("v0.0.0-feature-delivery-retry-queue." + sha.substring(0, 7));
    }

    @Test
    void noRepositoryNoCheckout(@TempDir Path plain) {
        assertThat(GitCheckout.find(plain)).isEmpty();
    }
}
