package dev.cicd.changes;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A reactor module as change detection sees it.
 *
 * <p>A changed file belongs to the module whose directory is the <em>deepest</em> one containing it,
 * so an aggregator (the root project, or {@code src/shipping} above {@code src/shipping/delivery})
 * owns only the files none of its nested modules own: a change in a service does not touch its
 * parent, while a change to the parent's pom reaches the children through {@link #dependsOn}.
 *
 * @param id the module's identity, as used in {@link #dependsOn}; {@code groupId:artifactId} by convention
 * @param directory the module's base directory, absolute; a directory outside the repository owns no files
 * @param extraPaths globs relative to the repository root for files outside the module that it is built
 *     from, e.g. {@code libs/proto/**} or {@code shared/config.yaml}
 * @param excludes globs for changed files that do not make the module change, e.g. {@code **}{@code /*.md}
 *     or {@code docs/**}. A glob is matched against the path relative to the module's directory for the
 *     module's own files and against the repository-relative path for files reached through
 *     {@link #extraPaths}; a glob starting with {@code /} is always matched against the
 *     repository-relative path ({@code /src/shipping/delivery/CHANGELOG.md}). Relative-to-module lets a
 *     parent pom declare one list that all its children inherit. An aggregator that should own only its
 *     top-level files (its pom.xml, not docs/ or folders no module claims) excludes {@code *}{@code /**}.
 * @param dependsOn ids of the reactor modules this one is built from, direct ones suffice (the closure is
 *     computed here); include the parent pom's module when it is in the reactor, so that a change to
 *     shared build configuration rebuilds its children
 */
public record ModuleInfo(
        String id, Path directory, List<String> extraPaths, List<String> excludes, List<String> dependsOn) {

    public ModuleInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(directory, "directory");
        extraPaths = extraPaths == null ? List.of() : List.copyOf(extraPaths);
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }

    /** A module built from its own directory alone. */
    public static ModuleInfo of(String id, Path directory) {
        return new ModuleInfo(id, directory, List.of(), List.of(), List.of());
    }
}
