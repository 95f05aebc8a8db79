package dev.cicd.maven;

import dev.cicd.changes.Affected;
import dev.cicd.changes.ChangeDetector;
import dev.cicd.changes.ChangeSet;
import dev.cicd.changes.ModuleInfo;
import dev.cicd.common.BuildLog;
import dev.cicd.context.CiInfo;
import dev.cicd.context.GitCheckout;
import dev.cicd.context.PipelineContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;

/**
 * Change detection for the modules of a reactor: which services the changes since the base revision
 * concern, computed once per build and shared by every module's goals (thread-safe for -T).
 *
 * <p>A module is affected by files under its directory (minus {@code <triggerExcludes>}), files
 * matching its {@code <triggerPaths>}, and changes of reactor modules it depends on. Aggregator
 * modules (those with {@code <modules>}) own only their top-level files, so a change in docs/ or another folder
 * no module owns does not rebuild the services below them.
 */
final class ReactorChanges {

    /** The build's answer: what changed, and each module's verdict by module id. */
    record Result(ChangeSet changes, Map<String, Affected> byModule) {}

    private ReactorChanges() {}

    static Optional<PipelineContext.Changes> of(
            MavenSession session,
            MavenProject project,
            CiInfo ci,
            String since,
            ReactorSettings settings,
            BuildLog log) {
        Optional<GitCheckout> checkout = GitCheckout.find(project.getBasedir().toPath());
        if (checkout.isEmpty()) {
            return Optional.empty();
        }
        Path root = checkout.get().workTree();
        Result result = BuildState.computeIfAbsent(
                session, Result.class, () -> compute(session, root, ci, since, settings, log));
        ChangeSet changes = result.changes();
        Affected affected = result.byModule().get(id(project));
        if (affected == null) {
            return Optional.empty();
        }
        return Optional.of(new PipelineContext.Changes(
                changes.base(),
                changes.everything() ? changes.everythingReason() : changes.baseReason(),
                affected.affected(),
                affected.reason(),
                affected.triggers()));
    }

    private static Result compute(
            MavenSession session, Path root, CiInfo ci, String since, ReactorSettings settings, BuildLog log) {
        ChangeSet changes = new ChangeDetector(log)
                .detect(root, ci, System.getenv(), since == null || since.isBlank() ? null : since.trim());
        List<ModuleInfo> modules = new ArrayList<>();
        for (MavenProject module : session.getProjects()) {
            Optional<ModuleSettings> moduleSettings = settings.of(module);
            List<String> excludes = new ArrayList<>(
                    moduleSettings.map(ModuleSettings::triggerExcludes).orElse(List.of()));
            if (!module.getModules().isEmpty()) {
                // An aggregator owns its own files (its pom.xml), not its modules' folders nor folders no module
                // claims.
                excludes.add("*/**");
            }
            List<String> upstream = session.getProjectDependencyGraph() == null
                    ? List.of()
                    : session.getProjectDependencyGraph().getUpstreamProjects(module, false).stream()
                            .map(ReactorChanges::id)
                            .toList();
            modules.add(new ModuleInfo(
                    id(module),
                    module.getBasedir().toPath().toAbsolutePath(),
                    moduleSettings.map(ModuleSettings::triggerPaths).orElse(List.of()),
                    excludes,
                    upstream));
        }
        return new Result(
                changes,
                ChangeDetector.affected(changes, modules, root).stream()
                        .collect(Collectors.toMap(Affected::moduleId, Function.identity())));
    }

    static String id(MavenProject project) {
        return project.getGroupId() + ":" + project.getArtifactId();
    }
}
