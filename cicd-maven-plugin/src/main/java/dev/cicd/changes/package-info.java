/**
 * Change detection for monorepo builds: which files changed since the build's base revision
 * ({@link dev.cicd.changes.ChangeDetector#detect}) and which reactor modules that affects
 * ({@link dev.cicd.changes.ChangeDetector#affected}).
 *
 * <p>The Maven side builds one {@link dev.cicd.changes.ModuleInfo} per reactor project:
 * {@code groupId:artifactId} as id, the project's base directory, extra paths and excludes from the
 * plugin configuration, and as {@code dependsOn} the ids of
 * {@code ProjectDependencyGraph.getUpstreamProjects(project, false)}, which already holds the parent
 * pom when it is in the reactor. Without the parent in {@code dependsOn}, a change to shared build
 * configuration would rebuild nothing.
 */
package dev.cicd.changes;
