package dev.cicd.maven;

import dev.cicd.changes.Affected;
import dev.cicd.changes.ChangeDetector;
import dev.cicd.changes.ChangeSet;
import dev.cicd.changes.ModuleInfo;
import dev.cicd.common.BuildLog;
import dev.cicd.context.CiInfo;
import dev.cicd.context.CiSystem;
import dev.cicd.context.GitCheckout;
import dev.cicd.context.PipelineContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

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

    static final String PLUGIN_KEY = "dev.cicd:cicd-maven-plugin";

    private static final Map<MavenExecutionRequest, Map<String, Object>> RESULTS =
            Collections.synchronizedMap(new WeakHashMap<>());

    private ReactorChanges() {}

    /** Whether detection runs: always, never, or (auto) in CI builds only, where a developer's local build runs everything. */
    static boolean enabled(String mode, CiInfo ci) {
        return switch (mode == null ? "auto" : mode.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "on" -> true;
            case "false", "off" -> false;
            default -> ci.system() != CiSystem.LOCAL;
        };
    }

    static Optional<PipelineContext.Changes> of(
            MavenSession session, MavenProject project, CiInfo ci, String since, BuildLog log) {
        Optional<GitCheckout> checkout = GitCheckout.find(project.getBasedir().toPath());
        if (checkout.isEmpty()) {
            return Optional.empty();
        }
        Path root = checkout.get().workTree();
        Map<String, Object> results;
        synchronized (RESULTS) {
            // Per build: with -T each module's goals see a copy of the session, but all share the request.
            results = RESULTS.computeIfAbsent(session.getRequest(), request -> compute(session, root, ci, since, log));
        }
        ChangeSet changes = (ChangeSet) results.get("");
        Affected affected = (Affected) results.get(id(project));
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

    private static Map<String, Object> compute(MavenSession session, Path root, CiInfo ci, String since, BuildLog log) {
        ChangeSet changes = new ChangeDetector(log)
                .detect(root, ci, System.getenv(), since == null || since.isBlank() ? null : since.trim());
        List<ModuleInfo> modules = new ArrayList<>();
        for (MavenProject module : session.getProjects()) {
            List<String> excludes = new ArrayList<>(list(module, "triggerExcludes"));
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
                    list(module, "triggerPaths"),
                    excludes,
                    upstream));
        }
        Map<String, Object> results = new java.util.HashMap<>();
        results.put("", changes);
        for (Affected affected : ChangeDetector.affected(changes, modules, root)) {
            results.put(affected.moduleId(), affected);
        }
        return results;
    }

    static String id(MavenProject project) {
        return project.getGroupId() + ":" + project.getArtifactId();
    }

    /** A list parameter of this plugin in a module's POM, read from the model (other modules' goals are not ours to inject). */
    static List<String> list(MavenProject module, String name) {
        Xpp3Dom configuration = configuration(module);
        Xpp3Dom element = configuration == null ? null : configuration.getChild(name);
        if (element == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (Xpp3Dom child : element.getChildren()) {
            if (child.getValue() != null && !child.getValue().isBlank()) {
                values.add(child.getValue().trim());
            }
        }
        return values;
    }

    static Xpp3Dom configuration(MavenProject module) {
        Plugin plugin = module.getPlugin(PLUGIN_KEY);
        return plugin == null || !(plugin.getConfiguration() instanceof Xpp3Dom dom) ? null : dom;
    }

    static boolean usesPlugin(MavenProject module) {
        return module.getPlugin(PLUGIN_KEY) != null;
    }
}
