package dev.cicd.scan.inventory;

import java.util.ArrayDeque;
import java.util.Deque;

/** Tar entry names and link targets as absolute, clean paths inside the image. */
final class TarPaths {

    private TarPaths() {}

    /** Why a name was refused, for the warning. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * An entry name as {@code /a/b}, or {@code "/"} for the root. Names with {@code ..} or a leading
     * {@code /} are refused: a layer tar written by an engine has neither, and extracting such an
     * entry is how archives write outside their directory.
     */
    static String entry(String name) throws Refused {
        if (name == null || name.isEmpty()) {
            throw new Refused("it has no name");
        }
        if (name.startsWith("/")) {
            throw new Refused("it is an absolute path");
        }
        if (name.indexOf('\0') >= 0) {
            throw new Refused("it contains a NUL character");
        }
        StringBuilder out = new StringBuilder(name.length() + 1);
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new Refused("it contains '..'");
            }
            out.append('/').append(part);
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static String child(String dir, String name) {
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }

    /**
     * Where a symbolic link's target leads, resolved lexically from the link's directory (or the root
     * for an absolute target); null when {@code ..} climbs above the root.
     */
    static String lexicalTarget(String linkPath, String target) {
        Deque<String> parts = new ArrayDeque<>();
        if (!target.startsWith("/")) {
            for (String p : parent(linkPath).split("/")) {
                if (!p.isEmpty()) {
                    parts.addLast(p);
                }
            }
        }
        for (String p : target.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
    }
}
