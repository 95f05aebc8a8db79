package dev.cicd.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cicd.context.CiInfo;
import dev.cicd.context.CiSystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection on a long history: 10,000 commits and 5,000 files (the plan benchmark under bench/
 * measures the time; timed assertions would be flaky here). The repository is written straight
 * into a pack: committing 10,000 times through the index would take minutes.
 */
class ChangeDetectionPerformanceTest {

    static final int AREAS = 50;
    static final int FILES_PER_AREA = 100;
    static final int MAIN_COMMITS = 10_000;
    static final int FORK_AT = 5_000;
    static final int FEATURE_COMMITS = 20;

    @TempDir
    Path dir;

    @Test
    void tenThousandCommitsAndFiveThousandFiles() throws Exception {
        try (Git git =
                Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            Repository repository = git.getRepository();
            History history = write(repository);

            ChangeDetector detector = new ChangeDetector();
            CiInfo pullRequest = new CiInfo(CiSystem.GITHUB_ACTIONS, "feature", "1", "main", null);

            ChangeSet pr = detector.detect(dir, pullRequest, Map.of(), null);

            // A CI checkout: the objects only matter, no work tree is written here.
            CiInfo branchBuild = new CiInfo(CiSystem.JENKINS, "feature", null, null, null);
            ChangeSet sinceFirst = detector.detect(dir, branchBuild, Map.of(), history.first.name());

            ChangeSet push = detector.detect(dir, branchBuild, Map.of(), null);

            List<ModuleInfo> modules = new ArrayList<>();
            for (int area = 0; area < AREAS; area++) {
                modules.add(ModuleInfo.of("area" + area, dir.resolve(area(area))));
            }
            List<Affected> affected = ChangeDetector.affected(sinceFirst, modules, dir);

            assertThat(pr.base()).isEqualTo(history.forkPoint.name());
            assertThat(pr.files()).hasSize(FEATURE_COMMITS).allMatch(f -> f.startsWith(area(7) + "/"));
            assertThat(sinceFirst.files()).hasSize(AREAS * FILES_PER_AREA);
            assertThat(push.files()).hasSize(1);
            assertThat(affected).allMatch(Affected::affected);
        }
    }

    record History(ObjectId first, ObjectId forkPoint) {}

    private static History write(Repository repository) throws Exception {
        PersonIdent author =
                new PersonIdent("dev", "dev@example.com", Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
        ObjectId first;
        ObjectId forkPoint = null;
        ObjectId mainTip;
        ObjectId featureTip;
        try (PackInserter inserter = ((ObjectDirectory) repository.getObjectDatabase()).newPackInserter()) {
            inserter.checkExisting(false);
            ObjectId[][] blobs = new ObjectId[AREAS][FILES_PER_AREA];
            ObjectId[] trees = new ObjectId[AREAS];
            for (int area = 0; area < AREAS; area++) {
                for (int file = 0; file < FILES_PER_AREA; file++) {
                    blobs[area][file] = blob(inserter, area + "/" + file + " version 0");
                }
                trees[area] = areaTree(inserter, blobs[area]);
            }
            first = commit(inserter, rootTree(inserter, trees), null, author, "initial");
            mainTip = first;
            for (int i = 1; i < MAIN_COMMITS; i++) {
                mainTip = change(
                        inserter, blobs, trees, i % AREAS, (i / AREAS) % FILES_PER_AREA, "main " + i, mainTip, author);
                if (i == FORK_AT) {
                    forkPoint = mainTip;
                }
            }
            // The feature branch starts again from the fork point's content.
            ObjectId[][] featureBlobs = new ObjectId[AREAS][];
            ObjectId[] featureTrees = new ObjectId[AREAS];
            rebuildAt(inserter, FORK_AT, featureBlobs, featureTrees);
            featureTip = forkPoint;
            for (int i = 0; i < FEATURE_COMMITS; i++) {
                featureTip = change(inserter, featureBlobs, featureTrees, 7, i, "feature " + i, featureTip, author);
            }
            inserter.flush();
        }
        update(repository, "refs/heads/main", mainTip);
        update(repository, "refs/remotes/origin/main", mainTip);
        update(repository, "refs/heads/feature", featureTip);
        RefUpdate head = repository.updateRef(Constants.HEAD);
        head.link("refs/heads/feature");
        return new History(first, forkPoint);
    }

    /** The blobs and trees of main as they were after commit {@code upTo}, recomputed from the rule above. */
    private static void rebuildAt(PackInserter inserter, int upTo, ObjectId[][] blobs, ObjectId[] trees)
            throws Exception {
        String[][] contents = new String[AREAS][FILES_PER_AREA];
        for (int area = 0; area < AREAS; area++) {
            for (int file = 0; file < FILES_PER_AREA; file++) {
                contents[area][file] = area + "/" + file + " version 0";
            }
        }
        for (int i = 1; i <= upTo; i++) {
            int area = i % AREAS;
            int file = (i / AREAS) % FILES_PER_AREA;
            contents[area][file] = area + "/" + file + " main " + i;
        }
        for (int area = 0; area < AREAS; area++) {
            blobs[area] = new ObjectId[FILES_PER_AREA];
            for (int file = 0; file < FILES_PER_AREA; file++) {
                blobs[area][file] = blob(inserter, contents[area][file]);
            }
            trees[area] = areaTree(inserter, blobs[area]);
        }
    }

    private static ObjectId change(
            PackInserter inserter,
            ObjectId[][] blobs,
            ObjectId[] trees,
            int area,
            int file,
            String message,
            ObjectId parent,
            PersonIdent author)
            throws Exception {
        blobs[area][file] = blob(inserter, area + "/" + file + " " + message);
        trees[area] = areaTree(inserter, blobs[area]);
        return commit(inserter, rootTree(inserter, trees), parent, author, message);
    }

    private static ObjectId blob(PackInserter inserter, String content) throws Exception {
        return inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectId areaTree(PackInserter inserter, ObjectId[] blobs) throws Exception {
        TreeFormatter tree = new TreeFormatter();
        for (int file = 0; file < blobs.length; file++) {
            tree.append(String.format("f%04d.txt", file), FileMode.REGULAR_FILE, blobs[file]);
        }
        return inserter.insert(tree);
    }

    private static ObjectId rootTree(PackInserter inserter, ObjectId[] areas) throws Exception {
        TreeFormatter tree = new TreeFormatter();
        for (int area = 0; area < areas.length; area++) {
            tree.append(area(area), FileMode.TREE, areas[area]);
        }
        return inserter.insert(tree);
    }

    private static ObjectId commit(
            PackInserter inserter, ObjectId tree, ObjectId parent, PersonIdent author, String message)
            throws Exception {
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        if (parent != null) {
            commit.setParentId(parent);
        }
        commit.setAuthor(author);
        commit.setCommitter(author);
        commit.setMessage(message);
        return inserter.insert(commit);
    }

    private static void update(Repository repository, String ref, ObjectId id) throws Exception {
        RefUpdate update = repository.updateRef(ref);
        update.setNewObjectId(id);
        update.setForceUpdate(true);
        RefUpdate.Result result = update.update();
        assertThat(result).isIn(RefUpdate.Result.NEW, RefUpdate.Result.FORCED);
    }

    private static String area(int area) {
        return String.format("area%02d", area);
    }
}
