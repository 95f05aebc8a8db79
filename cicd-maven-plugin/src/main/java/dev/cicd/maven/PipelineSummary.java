package dev.cicd.maven;

import dev.cicd.context.PipelineContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.AbstractMavenLifecycleParticipant;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;

/**
 * Prints, at the end of a reactor build, what the pipeline did for each service: stage, version,
 * the goals that ran, or why a service was skipped (the change detection's reason, a release
 * branch of another service). Active when the plugin is declared with
 * {@code <extensions>true</extensions>}; the goals record into it either way. Registered in
 * {@code META-INF/plexus/components.xml}: Maven 3.8 does not pick up a JSR-330 index from a plugin's
 * extension realm.
 */
public class PipelineSummary extends AbstractMavenLifecycleParticipant {

    /** What happened to one module. */
    record ModuleRun(String module, PipelineContext context, List<String> goals) {}

    /**
     * The build's runs by module id, and Maven's log as the goals got it: the plugin's realm carries
     * an SLF4J of its own (through its libraries) that has no binding, so a logger looked up here
     * would print nothing.
     */
    static final class Runs {
        final Map<String, ModuleRun> byModule = Collections.synchronizedMap(new LinkedHashMap<>());
        volatile Log log;
    }

    static void record(MavenSession session, MavenProject project, String goal, Log log) {
        if (session == null || project == null) {
            return;
        }
        Runs runs = BuildState.computeIfAbsent(session, Runs.class, Runs::new);
        if (runs.log == null) {
            runs.log = log;
        }
        PipelineContext context = PipelineContexts.known(project).orElse(null);
        runs.byModule
                .computeIfAbsent(
                        ReactorChanges.id(project),
                        id -> new ModuleRun(
                                project.getArtifactId(), context, Collections.synchronizedList(new ArrayList<>())))
                .goals()
                .add(goal);
    }

    static List<String> lines(MavenSession session) {
        List<String> lines = new ArrayList<>();
        Runs runs = BuildState.get(session, Runs.class).orElse(null);
        if (runs == null || runs.byModule.isEmpty()) {
            return lines;
        }
        List<ModuleRun> ordered = new ArrayList<>();
        for (MavenProject project : session.getProjects()) {
            ModuleRun run = runs.byModule.get(ReactorChanges.id(project));
            if (run != null) {
                ordered.add(run);
            }
        }
        long skipped = ordered.stream()
                .filter(r -> r.context() != null && r.context().skipReason() != null)
                .count();
        lines.add("cicd: " + ordered.size() + " services, " + (ordered.size() - skipped) + " built, " + skipped
                + " skipped");
        int width = ordered.stream().mapToInt(r -> r.module().length()).max().orElse(0);
        for (ModuleRun run : ordered) {
            lines.add(String.format("  %-" + width + "s  %s", run.module(), describe(run)));
        }
        return lines;
    }

    private static String describe(ModuleRun run) {
        PipelineContext context = run.context();
        if (context == null) {
            return "goals " + String.join(", ", run.goals());
        }
        if (context.skipReason() != null) {
            return "skipped: " + context.skipReason();
        }
        return context.stage().id() + " " + context.imageTag() + ", goals " + String.join(", ", run.goals());
    }

    @Override
    public void afterSessionEnd(MavenSession session) {
        List<String> lines = lines(session);
        Log log = BuildState.get(session, Runs.class).map(runs -> runs.log).orElse(null);
        // One service needs no summary: its goals' lines say it all.
        if (lines.size() <= 2 || log == null) {
            return;
        }
        log.info("------------------------------------------------------------------------");
        lines.forEach(log::info);
        log.info("------------------------------------------------------------------------");
    }
}
