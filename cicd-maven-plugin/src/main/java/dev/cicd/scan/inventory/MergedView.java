package dev.cicd.scan.inventory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The image's filesystem as a container sees it, asked path by path: layers are looked at from the
 * top, and the first that has the path, or deletes it (whiteout, opaque directory, a file where a
 * directory was), decides.
 */
final class MergedView {

    private static final int MAX_SYMLINK_HOPS = 40;

    enum Type {
        ABSENT,
        DIRECTORY,
        SYMLINK,
        CANDIDATE,
        FILE
    }

    record Node(Type type, int layer, String symlinkTarget, Candidate candidate) {
        static final Node ABSENT = new Node(Type.ABSENT, -1, null, null);
    }

    /** A path with its symbolic links followed, or why that was not possible. */
    record Resolution(String path, String problem) {}

    private final List<LayerIndex> layers;
    private final PathHashes hashes;

    MergedView(List<LayerIndex> layers, PathHashes hashes) {
        this.layers = layers;
        this.hashes = hashes;
    }

    /** What is at an absolute path, its parent directories taken as they are (not followed). */
    Node nodeAt(String path) {
        long self = hashes.hash(path);
        long[] ancestors = hashes.ancestors(path);
        for (int i = layers.size() - 1; i >= 0; i--) {
            LayerIndex layer = layers.get(i);
            if (layer.hasEntry(self)) {
                Candidate candidate = layer.candidates.get(path);
                if (candidate != null) {
                    return new Node(Type.CANDIDATE, i, null, candidate);
                }
                String target = layer.symlinks.get(path);
                if (target != null) {
                    return new Node(Type.SYMLINK, i, target, null);
                }
                return new Node(
                        layer.hasDirectory(self) && !layer.hasNonDirectory(self) ? Type.DIRECTORY : Type.FILE,
                        i,
                        null,
                        null);
            }
            if (layer.whiteouts.contains(self)) {
                return Node.ABSENT;
            }
            for (long ancestor : ancestors) {
                if (layer.whiteouts.contains(ancestor)
                        || layer.opaques.contains(ancestor)
                        || layer.hasNonDirectory(ancestor)) {
                    return Node.ABSENT;
                }
            }
        }
        return Node.ABSENT;
    }

    /**
     * Follows symbolic links in every component, as the kernel would with the image as root, except
     * that a link leading above the root is refused rather than clamped to it.
     */
    Resolution resolve(String path) {
        Deque<String> todo = new ArrayDeque<>(components(path));
        List<String> done = new ArrayList<>();
        List<String> chain = new ArrayList<>();
        int hops = 0;
        while (!todo.isEmpty()) {
            String part = todo.pollFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (done.isEmpty()) {
                    return new Resolution(
                            null, "symbolic link " + String.join(" -> ", chain) + " leads outside the image root");
                }
                done.remove(done.size() - 1);
                continue;
            }
            String current = "/" + String.join("/", done) + (done.isEmpty() ? "" : "/") + part;
            Node node = nodeAt(current);
            if (node.type() == Type.SYMLINK) {
                if (++hops > MAX_SYMLINK_HOPS) {
                    return new Resolution(
                            null,
                            "symbolic links loop (" + String.join(" -> ", chain.subList(0, Math.min(chain.size(), 6)))
                                    + (chain.size() > 6 ? " -> ..." : "") + ")");
                }
                if (chain.isEmpty() || !chain.get(chain.size() - 1).equals(current)) {
                    chain.add(current);
                }
                chain.add(node.symlinkTarget());
                String target = node.symlinkTarget();
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> targetParts = components(target);
                for (int i = targetParts.size() - 1; i >= 0; i--) {
                    todo.addFirst(targetParts.get(i));
                }
                continue;
            }
            if (!todo.isEmpty() && (node.type() == Type.FILE || node.type() == Type.CANDIDATE)) {
                return new Resolution(null, null);
            }
            done.add(part);
        }
        return new Resolution("/" + String.join("/", done), null);
    }

    /** Candidates the merged view still has, bottom layer first, in each layer's order. */
    List<Candidate> visible(Predicate<Candidate> wanted) {
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Candidate candidate : layers.get(i).candidates.values()) {
                if (wanted.test(candidate)) {
                    Node node = nodeAt(candidate.path);
                    if (node.type() == Type.CANDIDATE && node.layer() == i && node.candidate() == candidate) {
                        out.add(candidate);
                    }
                }
            }
        }
        return out;
    }

    private static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return out;
    }
}
