package dev.cicd.changes;

import static dev.cicd.changes.SampleMonorepo.DELIVERY;
import static dev.cicd.changes.SampleMonorepo.PRODUCTS;
import static dev.cicd.changes.SampleMonorepo.SEARCH;
import static dev.cicd.changes.SampleMonorepo.TRACKING;
import static dev.cicd.changes.SampleMonorepo.affectedIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.util.io.DisabledOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeDetectorTest {

    static final String DELIVERY_JAVA = "src/shipping/delivery/src/main/java/Delivery.java";

    @TempDir
    Path dir;

    @Test
    void aRenameCountsForBothItsOldAndItsNewPlace() throws Exception {
        try (SampleMonorepo repo = SampleMonorepo.create(dir)) {
            repo.rename(
                    "move delivery code to tracking",
                    DELIVERY_JAVA,
                    "src/shipping/tracking/src/main/java/Delivery.java");

            ChangeSet changes = new ChangeDetector().detect(dir, repo.ci(Map.of()), Map.of(), null);

            assertThat(changes.files())
                    .containsExactly(DELIVERY_JAVA, "src/shipping/tracking/src/main/java/Delivery.java");
            assertThat(affectedIds(ChangeDetector.affected(changes, repo.modules(), dir)))
                    .containsExactly(DELIVERY, TRACKING);
        }
    }

    @Test
    void renameDetectionSeesARenameWithSmallEdits() throws Exception {
        try (SampleMonorepo repo = SampleMonorepo.create(dir)) {
            RevCommit base = repo.git.log().setMaxCount(1).call().iterator().next();
            String renamed = "src/catalog/search/src/main/java/Products.java";
            repo.rename("move", "src/catalog/products/src/main/java/Products.java", renamed);
            RevCommit head = repo.change("edit", renamed);

            List<String> files = ChangeDetector.changedFiles(
                    repo.git.getRepository(), repo.git.getRepository().parseCommit(base), head, true);

            assertThat(files).containsExactly("src/catalog/products/src/main/java/Products.java", renamed);
            try (DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
                diff.setRepository(repo.git.getRepository());
                diff.setDetectRenames(true);
                assertThat(diff.scan(base.getTree(), head.getTree()))
                        .as("the fixture's files are similar enough for git to call this a rename")
                        .singleElement()
                        .satisfies(e -> assertThat(e.getChangeType()).isEqualTo(DiffEntry.ChangeType.RENAME));
            }
            assertThat(affectedIds(ChangeDetector.affected(
                            new ChangeSet(base.name(), head.name(), "test", files, false, null), repo.modules(), dir)))
                    .containsExactly(PRODUCTS, SEARCH);
        }
    }

    @Test
    void theFirstCommitHasNoBaseSoEverythingChanged() throws Exception {
        try (SampleMonorepo repo = SampleMonorepo.create(dir)) {
            ChangeSet changes = new ChangeDetector().detect(dir, repo.ci(Map.of()), Map.of(), null);

            assertThat(changes.everything()).isTrue();
            assertThat(changes.shallow()).isFalse();
            assertThat(changes.base()).isNull();
            assertThat(changes.head()).isEqualTo(repo.head());
            assertThat(changes.everythingReason())
                    .isEqualTo("HEAD " + repo.head() + " is the first commit, it has no parent");
            assertThat(ChangeDetector.affected(changes, repo.modules(), dir))
                    .allSatisfy(a -> assertThat(a.reason())
                            .startsWith("everything: HEAD ")
                            .endsWith("is the first commit, it has no parent"));
        }
    }

    @Test
    void aRepositoryWithoutCommitsHasEverythingChanged() throws Exception {
        try (SampleMonorepo repo = SampleMonorepo.init(dir)) {
            ChangeSet changes = new ChangeDetector().detect(dir, null, Map.of(), null);

            assertThat(changes.everything()).isTrue();
            assertThat(changes.head()).isNull();
        }
    }

    @Test
    void aDirectoryOutsideGitHasEverythingChanged(@TempDir Path plain) {
        ChangeSet changes = new ChangeDetector().detect(plain, null, Map.of(), null);

        assertThat(changes.everything()).isTrue();
        assertThat(changes.everythingReason()).contains("not inside a git work tree");
    }

    @Test
    void aConfiguredBaseOverridesWhatTheCiSystemSays() throws Exception {
        try (SampleMonorepo repo = SampleMonorepo.create(dir)) {
            RevCommit release = repo.change("release", "src/catalog/products/src/main/java/Products.java");
            repo.git
                    .tag()
                    .setName("v1.0.0")
                    .setObjectId(release)
                    .setAnnotated(true)
                    .setMessage("release")
                    .setSigned(false)
                    .call();
            repo.change("one", DELIVERY_JAVA);
            RevCommit previous = repo.change("two", "src/shipping/tracking/src/main/java/Tracking.java");
            Map<String, String> env = Map.of(
                    "GITLAB_CI",
                    "true",
                    "CI_COMMIT_REF_NAME",
                    "main",
                    "CI_COMMIT_BEFORE_SHA",
                    previous.getParent(0).name());

            ChangeSet byTag = new ChangeDetector().detect(dir, repo.ci(env), env, "v1.0.0");
            ChangeSet bySha = new ChangeDetector().detect(dir, repo.ci(env), env, " " + release.name() + " ");
            ChangeSet byExpression = new ChangeDetector().detect(dir, repo.ci(env), env, "HEAD~2");

            assertThat(byTag.base())
                    .as("an annotated tag is peeled to its commit")
                    .isEqualTo(release.name());
            assertThat(byTag.baseReason()).isEqualTo("configured base v1.0.0");
            assertThat(byTag.files())
                    .containsExactly(DELIVERY_JAVA, "src/shipping/tracking/src/main/java/Tracking.java");
            assertThat(bySha.files()).isEqualTo(byTag.files());
            assertThat(byExpression.files()).isEqualTo(byTag.files());
            assertThat(new ChangeDetector().detect(dir, repo.ci(env), env, "  ").baseReason())
                    .as("a blank configuration is none")
                    .startsWith("CI_COMMIT_BEFORE_SHA");
        }
    }

    @Test
    void aConfiguredBaseThatNamesNoCommitIsTheProjectsToFix() throws Exception {
        try (SampleMonorepo repo = SampleMonorepo.create(dir)) {
            repo.change("one", DELIVERY_JAVA);

            assertThatThrownBy(() ->
                            new ChangeDetector().detect(dir, repo.ci(Map.of()), Map.of(), "origin/no-such-branch"))
                    .isInstanceOfSatisfying(
                            CicdException.class, e -> assertThat(e.kind()).isEqualTo(CicdException.Kind.PROJECT))
                    .hasMessageContaining("cicd.changesSince")
                    .hasMessageContaining("origin/no-such-branch");
        }
    }

    @Test
    void aConfiguredBaseEqualToHeadMeansNothingChanged() throws Exception {
        try (SampleMonorepo repo = SampleMonorepo.create(dir)) {
            repo.change("one", DELIVERY_JAVA);

            ChangeSet changes = new ChangeDetector().detect(dir, repo.ci(Map.of()), Map.of(), "HEAD");

            assertThat(changes.everything()).isFalse();
            assertThat(changes.files()).isEmpty();
            assertThat(affectedIds(ChangeDetector.affected(changes, repo.modules(), dir)))
                    .isEmpty();
        }
    }

    @Test
    void aLocalBuildCountsUncommittedAndNewFilesButNotIgnoredOnes() throws Exception {
        try (SampleMonorepo repo = SampleMonorepo.create(dir)) {
            repo.change("one", DELIVERY_JAVA);
            java.nio.file.Files.writeString(dir.resolve(".gitignore"), "target/\n");
            repo.commit("ignore build output", Map.of(".gitignore", "target/\n"));
            String tracking = "src/shipping/tracking/src/main/java/Tracking.java";
            java.nio.file.Files.writeString(dir.resolve(tracking), "edited, not committed\n");
            java.nio.file.Files.createDirectories(dir.resolve("src/catalog/products/new-file"));
            java.nio.file.Files.writeString(dir.resolve("src/catalog/products/new-file/Draft.java"), "new\n");
            java.nio.file.Files.createDirectories(dir.resolve("src/catalog/search/target"));
            java.nio.file.Files.writeString(dir.resolve("src/catalog/search/target/out.class"), "built\n");

            ChangeSet local = new ChangeDetector().detect(dir, repo.ci(Map.of()), Map.of(), "HEAD");

            assertThat(local.files()).containsExactly("src/catalog/products/new-file/Draft.java", tracking);
            assertThat(local.baseReason()).endsWith("and uncommitted changes");
            assertThat(affectedIds(ChangeDetector.affected(local, repo.modules(), dir)))
                    .contains(TRACKING, PRODUCTS)
                    .doesNotContain(SEARCH);
        }
    }

    @Test
    void detectWorksFromAModuleDirectoryInsideTheRepository() throws Exception {
        try (SampleMonorepo repo = SampleMonorepo.create(dir)) {
            repo.change("one", DELIVERY_JAVA);

            ChangeSet changes = new ChangeDetector()
                    .detect(dir.resolve("src/shipping/delivery"), repo.ci(Map.of()), Map.of(), null);

            assertThat(changes.files()).containsExactly(DELIVERY_JAVA);
        }
    }

    @Test
    void inCiParallelReactorThreadsShareOneComputation() throws Exception {
        try (SampleMonorepo repo = SampleMonorepo.create(dir)) {
            repo.change("one", DELIVERY_JAVA, "libs/common/src/main/java/Common.java");
            List<ModuleInfo> modules = repo.modules();
            Map<String, String> env = Map.of("JENKINS_URL", "http://localhost:8080/", "BRANCH_NAME", "main");
            var ci = repo.ci(env);
            AtomicInteger computations = new AtomicInteger();
            BuildLog counting = new BuildLog() {
                @Override
                public void info(String message) {
                    computations.incrementAndGet();
                }

                @Override
                public void warn(String message) {
                    computations.incrementAndGet();
                }

                @Override
                public void error(String message) {}

                @Override
                public void debug(String message) {}
            };
            ChangeDetector detector = new ChangeDetector(counting);
            int threads = 16;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<Affected>>> results = new ArrayList<>();
                for (int i = 0; i < threads * 4; i++) {
                    int module = i % modules.size();
                    Callable<List<Affected>> call = () -> {
                        start.await();
                        ChangeSet changes = detector.detect(modules.get(module).directory(), ci, env, null);
                        return ChangeDetector.affected(changes, modules, dir);
                    };
                    results.add(pool.submit(call));
                }
                start.countDown();
                List<List<Affected>> all = Collections.synchronizedList(new ArrayList<>());
                for (Future<List<Affected>> result : results) {
                    all.add(result.get(60, TimeUnit.SECONDS));
                }

                assertThat(all).allSatisfy(a -> assertThat(a).isEqualTo(all.get(0)));
                assertThat(affectedIds(all.get(0))).contains(DELIVERY, TRACKING).doesNotContain(PRODUCTS);
                assertThat(computations).as("one computation, reported once").hasValue(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void theCacheFollowsHead() throws Exception {
        try (SampleMonorepo repo = SampleMonorepo.create(dir)) {
            repo.change("one", DELIVERY_JAVA);
            ChangeDetector detector = new ChangeDetector();
            assertThat(detector.detect(dir, null, Map.of(), null).files()).containsExactly(DELIVERY_JAVA);

            repo.change("two", "src/catalog/products/src/main/java/Products.java");

            assertThat(detector.detect(dir, null, Map.of(), null).files())
                    .containsExactly("src/catalog/products/src/main/java/Products.java");
        }
    }

    @Test
    void pathsWithSpacesAndUnicodeAreReportedAsGitHasThem() throws Exception {
        try (SampleMonorepo repo = SampleMonorepo.create(dir)) {
            repo.commit("odd names", Map.of("src/catalog/products/src/main/resources/größe liste.txt", "x"));

            ChangeSet changes = new ChangeDetector().detect(dir, null, Map.of(), null);

            assertThat(changes.files()).containsExactly("src/catalog/products/src/main/resources/größe liste.txt");
            assertThat(affectedIds(ChangeDetector.affected(changes, repo.modules(), dir)))
                    .containsExactly(PRODUCTS);
        }
    }
}
