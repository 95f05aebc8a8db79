package dev.cicd.changes;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One evaluation of {@link ChangeDetector#affected}; not shared between threads. */
final class AffectedModules {

    private final ChangeSet changes;
    private final List<ModuleInfo> modules;
    private final Path root;

    /** Repository-relative directory per module, "" for the root, null outside the repository. */
    private final String[] directories;

    private final List<List<Glob>> extraPaths = new ArrayList<>();
    private final List<List<Glob>> anchoredExcludes = new ArrayList<>();
    private final List<List<Glob>> relativeExcludes = new ArrayList<>();

    AffectedModules(ChangeSet changes, List<ModuleInfo> modules, Path root) {
        this.changes = changes;
        this.modules = List.copyOf(modules);
        this.root = root;
        this.directories = new String[this.modules.size()];
        for (int i = 0; i < this.modules.size(); i++) {
            ModuleInfo module = this.modules.get(i);
            directories[i] = relativeDirectory(module.directory());
            extraPaths.add(module.extraPaths().stream().map(Glob::compile).toList());
            List<Glob> anchored = new ArrayList<>();
            List<Glob> relative = new ArrayList<>();
            for (String exclude : module.excludes()) {
                String trimmed = exclude == null ? "" : exclude.trim().replace('\\', '/');
                (trimmed.startsWith("/") ? anchored : relative).add(Glob.compile(trimmed));
            }
            anchoredExcludes.add(anchored);
            relativeExcludes.add(relative);
        }
    }

    List<Affected> compute() {
        if (changes.everything()) {
            return modules.stream()
                    .map(m -> new Affected(m.id(), true, "everything: " + changes.everythingReason(), List.of()))
                    .toList();
        }
        int count = modules.size();
        List<TreeSet<String>> direct = new ArrayList<>(count);
        List<TreeSet<String>> excluded = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            direct.add(new TreeSet<>());
            excluded.add(new TreeSet<>());
        }

        Map<String, List<Integer>> byDirectory = new HashMap<>();
        for (int i = 0; i < count; i++) {
            if (directories[i] != null) {
                byDirectory
                        .computeIfAbsent(directories[i], d -> new ArrayList<>())
                        .add(i);
            }
        }
        for (String file : changes.files()) {
            for (int owner : owners(file, byDirectory)) {
                (isExcluded(owner, file) ? excluded : direct).get(owner).add(file);
            }
        }
        for (int i = 0; i < count; i++) {
            if (extraPaths.get(i).isEmpty()) {
                continue;
            }
            for (String file : changes.files()) {
                if (!direct.get(i).contains(file) && matchesAny(extraPaths.get(i), file)) {
                    (isExcluded(i, file) ? excluded : direct).get(i).add(file);
                }
            }
        }

        Map<String, Integer> byId = new HashMap<>();
        for (int i = 0; i < count; i++) {
            byId.putIfAbsent(modules.get(i).id(), i);
        }
        List<Affected> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            List<Integer> changedUpstream = upstream(i, byId).stream()
                    .filter(u -> !direct.get(u).isEmpty())
                    .toList();
            result.add(describe(i, direct, excluded.get(i), changedUpstream));
        }
        return result;
    }

    private Affected describe(
            int index, List<TreeSet<String>> direct, Set<String> excluded, List<Integer> changedUpstream) {
        ModuleInfo module = modules.get(index);
        Set<String> own = direct.get(index);
        String dependencies = changedUpstream.stream()
                .map(u -> modules.get(u).id() + " (changed: " + fileList(direct.get(u)) + ")")
                .reduce((a, b) -> a + ", " + b)
                .orElse(null);
        if (!own.isEmpty()) {
            String reason = own.size()
                    + (own.size() == 1 ? " changed file: " : " changed files: ")
                    + fileList(own)
                    + (dependencies == null ? "" : "; also depends on " + dependencies);
            return new Affected(module.id(), true, reason, cap(own));
        }
        if (dependencies != null) {
            Set<String> triggers = new LinkedHashSet<>();
            changedUpstream.forEach(u -> triggers.addAll(direct.get(u)));
            return new Affected(module.id(), true, "depends on " + dependencies, cap(triggers));
        }
        if (!excluded.isEmpty()) {
            return new Affected(
                    module.id(),
                    false,
                    "not affected: only excluded files changed (" + fileList(excluded) + ")",
                    List.of());
        }
        String where = directories[index] == null
                ? "its extra paths"
                : directories[index].isEmpty() ? "the repository root" : directories[index];
        return new Affected(module.id(), false, "not affected: no change in " + where, List.of());
    }

    /** The modules whose directory is the deepest one holding the file. */
    private static List<Integer> owners(String file, Map<String, List<Integer>> byDirectory) {
        String directory = file;
        while (true) {
            int slash = directory.lastIndexOf('/');
            directory = slash < 0 ? "" : directory.substring(0, slash);
            List<Integer> owners = byDirectory.get(directory);
            if (owners != null) {
                return owners;
            }
            if (directory.isEmpty()) {
                return List.of();
            }
        }
    }

    private boolean isExcluded(int index, String file) {
        if (matchesAny(anchoredExcludes.get(index), file)) {
            return true;
        }
        List<Glob> relative = relativeExcludes.get(index);
        if (relative.isEmpty()) {
            return false;
        }
        String directory = directories[index];
        boolean inside = directory != null && !directory.isEmpty() && file.startsWith(directory + "/");
        return matchesAny(relative, inside ? file.substring(directory.length() + 1) : file);
    }

    /** Every module the given one depends on, directly or through others; cycles are tolerated. */
    private List<Integer> upstream(int index, Map<String, Integer> byId) {
        Set<Integer> seen = new LinkedHashSet<>();
        Deque<Integer> queue = new ArrayDeque<>();
        queue.add(index);
        while (!queue.isEmpty()) {
            int current = queue.poll();
            for (String dependency : modules.get(current).dependsOn()) {
                Integer next = byId.get(dependency);
                if (next != null && next != index && seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return List.copyOf(seen);
    }

    private String relativeDirectory(Path directory) {
        Path canonical = ChangeDetector.canonical(directory);
        if (!canonical.startsWith(root)) {
            return null;
        }
        StringBuilder relative = new StringBuilder();
        for (Path name : root.relativize(canonical)) {
            if (!name.toString().isEmpty()) {
                relative.append(relative.length() == 0 ? "" : "/").append(name);
            }
        }
        return relative.toString();
    }

    private static boolean matchesAny(List<Glob> globs, String path) {
        for (Glob glob : globs) {
            if (glob.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private static String fileList(Set<String> files) {
        StringBuilder text = new StringBuilder();
        int shown = 0;
        for (String file : files) {
            if (shown == ChangeDetector.FILES_IN_REASON) {
                break;
            }
            text.append(shown == 0 ? "" : ", ").append(file);
            shown++;
        }
        if (files.size() > shown) {
            text.append(" and ").append(files.size() - shown).append(" more");
        }
        return text.toString();
    }

    private static List<String> cap(Set<String> files) {
        return files.stream().limit(ChangeDetector.MAX_TRIGGERS).toList();
    }
}
