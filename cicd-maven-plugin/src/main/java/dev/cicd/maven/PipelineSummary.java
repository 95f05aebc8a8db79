package dev.cicd.maven;

import dev.cicd.context.PipelineContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.maven.AbstractMavenLifecycleParticipant;
import org.apache.maven.execution.MavenExecutionRequest;
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

    /*
     * Keyed by the build's request: a parallel build (-T) gives each module's goals a copy of the
     * session, but they all share the request.
     */

    /** What happened to one module. */
    record ModuleRun(String module, PipelineContext context, List<String> goals) {}

    private static final Map<MavenExecutionRequest, Map<String, ModuleRun>> RUNS =
            Collections.synchronizedMap(new WeakHashMap<>());
    /**
     * Maven's own log, as the goals got it: the plugin's realm carries an SLF4J of its own (through
     * its libraries) that has no binding, so a logger looked up here would print nothing.
     */
    private static final Map<MavenExecutionRequest, Log> LOGS = Collections.synchronizedMap(new WeakHashMap<>());

    static void record(MavenSession session, MavenProject project, String goal, PipelineContext context, Log log) {
        if (session == null || project == null) {
            return;
        }
        LOGS.putIfAbsent(session.getRequest(), log);
        Map<String, ModuleRun> runs;
        synchronized (RUNS) {
            runs = RUNS.computeIfAbsent(session.getRequest(), s -> Collections.synchronizedMap(new LinkedHashMap<>()));
        }
        ModuleRun run = runs.computeIfAbsent(
                ReactorChanges.id(project),
                id -> new ModuleRun(project.getArtifactId(), context, Collections.synchronizedList(new ArrayList<>())));
        run.goals().add(goal);
    }

    static List<String> lines(MavenSession session) {
        Map<String, ModuleRun> runs = RUNS.get(session.getRequest());
        List<String> lines = new ArrayList<>();
        if (runs == null || runs.isEmpty()) {
            return lines;
        }
        List<ModuleRun> ordered = new ArrayList<>();
        for (MavenProject project : session.getProjects()) {
            ModuleRun run = runs.get(ReactorChanges.id(project));
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
            PipelineContext context = run.context();
            String what;
            if (context == null) {
                what = "goals " + String.join(", ", run.goals());
            } else if (context.skipReason() != null) {
                what = "skipped: " + context.skipReason();
            } else {
                what = context.stage() + " " + context.imageTag() + ", goals " + String.join(", ", run.goals());
            }
            lines.add(String.format("  %-" + width + "s  %s", run.module(), what));
        }
        return lines;
    }

    @Override
    public void afterSessionEnd(MavenSession session) {
        List<String> lines = lines(session);
        Log log = LOGS.remove(session.getRequest());
        RUNS.remove(session.getRequest());
        // One service needs no summary: its goals' lines say it all.
        if (lines.size() <= 2 || log == null) {
            return;
        }
        log.info("------------------------------------------------------------------------");
        lines.forEach(log::info);
        log.info("------------------------------------------------------------------------");
    }
}
