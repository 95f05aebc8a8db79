package dev.cicd.changes;

import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.context.CiInfo;
import dev.cicd.context.CiSystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * Tells which files changed in this build and which modules that affects, so that one reactor build
 * at the repository root does the work of per-service pipelines whose triggers filter on branch and
 * folder.
 *
 * <p><b>Base revision.</b> A configured base ({@code -Dcicd.changesSince}) wins and is compared with
 * directly. A pull request compares with the merge-base of HEAD and its target branch
 * ({@code refs/remotes/origin/<target>}, else {@code refs/heads/<target>}); on GitLab
 * {@code CI_MERGE_REQUEST_DIFF_BASE_SHA} is used as is. Any other build compares with the commit the
 * CI system says was built before (GitHub's push event {@code before}, GitLab
 * {@code CI_COMMIT_BEFORE_SHA}, Jenkins {@code GIT_PREVIOUS_SUCCESSFUL_COMMIT} then
 * {@code GIT_PREVIOUS_COMMIT}), else with HEAD^1. With no base (first commit), a base missing from a
 * shallow clone, or a target branch that was not fetched, the change set says "everything", and
 * {@link ChangeSet#everythingReason} says what to change in the CI configuration.
 *
 * <p><b>Threads and caching.</b> Instances hold no state besides the log and may be shared.
 * {@link #detect} caches its result per git directory, HEAD, configured base, CI info and the CI
 * variables it reads, and computes it once even when reactor threads ask at the same time; a failed
 * computation is not cached. {@link #affected} is a pure function; call it once for the reactor or once
 * per module, both are cheap.
 */
public final class ChangeDetector {

    /** How many trigger files an {@link Affected} lists. */
    public static final int MAX_TRIGGERS = 20;

    /** How many files a reason line names before it only counts. */
    static final int FILES_IN_REASON = 5;

    /** A Maven daemon lives across builds; this keeps the cache from growing with each one. */
    static final int CACHE_LIMIT = 64;

    private static final Map<Key, Future<ChangeSet>> CACHE = new ConcurrentHashMap<>();

    /**
     * Besides HEAD, the refs a base is read from: a daemon such as mvnd keeps the cache across builds,
     * and a fetch between two builds of the same HEAD may move the target branch.
     */
    private record Key(
            String gitDirectory,
            String head,
            String configuredBase,
            CiInfo ci,
            Map<String, String> env,
            List<String> refs) {}

    private final BuildLog log;

    public ChangeDetector() {
        this(BuildLog.silent());
    }

    /** Reports the chosen base once per computation, and warns when everything counts as changed. */
    public ChangeDetector(BuildLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * The files changed in the build of the repository that contains {@code repositoryDirectory}.
     *
     * @param repositoryDirectory the work tree or any directory inside it
     * @param ci what the CI system says about this build (see {@code CiDetector})
     * @param env the environment variables; only the CI system's change variables are read
     * @param configuredBase a revision to compare with instead (commit id, branch, tag, {@code HEAD~3}),
     *     null or blank for none
     * @throws CicdException a project error when the configured base names no commit; an environment
     *     error when the repository cannot be read
     */
    public ChangeSet detect(Path repositoryDirectory, CiInfo ci, Map<String, String> env, String configuredBase) {
        Objects.requireNonNull(repositoryDirectory, "repositoryDirectory");
        CiInfo info = ci == null ? new CiInfo(CiSystem.LOCAL, null, null, null, null) : ci;
        Map<String, String> variables = env == null ? Map.of() : env;
        String base = configuredBase == null || configuredBase.isBlank() ? null : configuredBase.trim();

        FileRepositoryBuilder builder =
                new FileRepositoryBuilder().readEnvironment().findGitDir(repositoryDirectory.toFile());
        if (builder.getGitDir() == null) {
            return reported(ChangeSet.everything(
                    null,
                    null,
                    "no git repository",
                    repositoryDirectory + " is not inside a git work tree, so every module is treated as changed"));
        }
        try (Repository repository = builder.setMustExist(true).build()) {
            ObjectId head = repository.resolve(Constants.HEAD);
            if (head == null) {
                return reported(ChangeSet.everything(
                        null,
                        null,
                        "no commit",
                        "the repository has no commit yet, so every module is treated as changed"));
            }
            if (info.system() == CiSystem.LOCAL) {
                // A developer's edits count before they are committed; the working tree changes
                // between builds, so this is not cached.
                return reported(withWorkingTree(repository, compute(repository, head, info, variables, base)));
            }
            Key key = new Key(
                    canonical(repository.getDirectory().toPath()).toString(),
                    head.name(),
                    base,
                    info,
                    relevant(variables),
                    refs(repository, info, variables, base));
            return cached(key, () -> reported(compute(repository, head, info, variables, base)));
        } catch (IOException e) {
            throw CicdException.environment(
                    "Could not read the git repository at " + repositoryDirectory + " to find what changed: "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Which modules the change set affects, in the order given.
     *
     * <p>A module is affected by a changed file that it owns (the deepest module directory containing
     * the file, see {@link ModuleInfo}) or that matches one of its extra paths, unless one of its
     * excludes matches it; and by any module it depends on, directly or transitively, that is affected
     * by files of its own. When the change set says "everything", every module is affected.
     *
     * @param repositoryRoot the git work tree the change set's paths are relative to
     */
    public static List<Affected> affected(ChangeSet changes, List<ModuleInfo> modules, Path repositoryRoot) {
        return new AffectedModules(changes, modules, canonical(repositoryRoot)).compute();
    }

    private interface Computation {
        ChangeSet compute() throws IOException;
    }

    private static ChangeSet cached(Key key, Computation computation) throws IOException {
        FutureTask<ChangeSet> task = new FutureTask<>(computation::compute);
        Future<ChangeSet> existing = CACHE.putIfAbsent(key, task);
        if (existing == null) {
            existing = task;
            trimCache(key);
            task.run();
        }
        try {
            return existing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CicdException.environment("Interrupted while waiting for change detection", e);
        } catch (ExecutionException e) {
            // Let the next caller try again rather than fail on a cached error.
            CACHE.remove(key, existing);
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static void trimCache(Key keep) {
        if (CACHE.size() <= CACHE_LIMIT) {
            return;
        }
        CACHE.entrySet().removeIf(e -> !e.getKey().equals(keep) && e.getValue().isDone());
    }

    private static Map<String, String> relevant(Map<String, String> env) {
        Map<String, String> relevant = new TreeMap<>();
        for (String name : BaseResolver.VARIABLES) {
            String value = env.get(name);
            if (value != null) {
                relevant.put(name, value);
            }
        }
        return Map.copyOf(relevant);
    }

    private static List<String> refs(Repository repository, CiInfo ci, Map<String, String> env, String configuredBase) {
        List<String> refs = new ArrayList<>();
        if (configuredBase != null) {
            try {
                refs.add(String.valueOf(repository.resolve(configuredBase)));
            } catch (IOException | RuntimeException e) {
                // Resolution reports the problem properly; the key only needs to be stable.
                refs.add("unresolved");
            }
        }
        String target = BaseResolver.targetBranch(ci, env);
        if (target != null) {
            for (String name : BaseResolver.targetRefNames(target)) {
                try {
                    Ref ref = repository.exactRef(name);
                    refs.add(ref == null ? "-" : String.valueOf(ref.getObjectId()));
                } catch (IOException e) {
                    refs.add("unreadable");
                }
            }
        }
        return List.copyOf(refs);
    }

    private ChangeSet compute(
            Repository repository, ObjectId headId, CiInfo ci, Map<String, String> env, String configuredBase)
            throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit head = walk.parseCommit(headId);
            BaseResolver resolver = new BaseResolver(
                    repository, walk, head, repository.getObjectDatabase().getShallowCommits(), ci, env);
            BaseResolver.Resolution resolution = resolver.resolve(configuredBase);
            if (resolution.base() == null) {
                return ChangeSet.everything(
                        resolution.baseName(), head.name(), resolution.reason(), resolution.everythingReason());
            }
            RevCommit base = walk.parseCommit(resolution.base());
            List<String> files;
            try {
                files = changedFiles(repository, base, head, true);
            } catch (MissingObjectException e) {
                // Rename detection reads file contents, which a partial clone may lack; the paths
                // are the same without it, since both sides of a rename count anyway.
                files = changedFiles(repository, base, head, false);
            }
            return new ChangeSet(base.name(), head.name(), resolution.reason(), files, false, null);
        }
    }

    /** Adds what is modified, staged, deleted or new (and not ignored) in the work tree. */
    private static ChangeSet withWorkingTree(Repository repository, ChangeSet committed) throws IOException {
        if (committed.everything() || repository.isBare()) {
            return committed;
        }
        Status status;
        try (Git git = new Git(repository)) {
            status = git.status().call();
        } catch (GitAPIException e) {
            throw new IOException("could not read the working tree's status: " + e.getMessage(), e);
        }
        TreeSet<String> files = new TreeSet<>(committed.files());
        files.addAll(status.getUncommittedChanges());
        files.addAll(status.getUntracked());
        if (files.size() == committed.files().size()) {
            return committed;
        }
        return new ChangeSet(
                committed.base(),
                committed.head(),
                committed.baseReason() + ", and uncommitted changes",
                List.copyOf(files),
                false,
                null);
    }

    static List<String> changedFiles(Repository repository, RevCommit base, RevCommit head, boolean detectRenames)
            throws IOException {
        TreeSet<String> files = new TreeSet<>();
        try (DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            diff.setRepository(repository);
            diff.setDetectRenames(detectRenames);
            for (DiffEntry entry : diff.scan(base.getTree(), head.getTree())) {
                switch (entry.getChangeType()) {
                    case ADD, COPY -> files.add(entry.getNewPath());
                    case DELETE -> files.add(entry.getOldPath());
                    case MODIFY, RENAME -> {
                        files.add(entry.getOldPath());
                        files.add(entry.getNewPath());
                    }
                }
            }
        }
        return List.copyOf(files);
    }

    private ChangeSet reported(ChangeSet changes) {
        if (changes.everything()) {
            String banner = changes.shallow() ? "SHALLOW CLONE" : "CHANGE DETECTION";
            log.warn("*** " + banner + ": building every module. " + changes.everythingReason()
                    + (changes.baseReason() == null ? "" : " (base: " + changes.baseReason() + ")"));
        } else {
            log.info("Changes since " + abbreviate(changes.base()) + " (" + changes.baseReason() + "): "
                    + changes.files().size() + " file(s)");
        }
        return changes;
    }

    static String abbreviate(String sha) {
        return sha == null || sha.length() <= 12 ? String.valueOf(sha) : sha.substring(0, 12);
    }

    static Path canonical(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
