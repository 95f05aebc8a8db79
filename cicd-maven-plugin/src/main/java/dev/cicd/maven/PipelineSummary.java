package dev.cicd.maven;

import dev.cicd.context.PipelineContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import javax.inject.Named;
import javax.inject.Singleton;
import org.apache.maven.AbstractMavenLifecycleParticipant;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints, at the end of a reactor build, what the pipeline did for each service: stage, version,
 * the goals that ran, or why a service was skipped (the change detection's reason, a release
 * branch of another service). Active when the plugin is declared with
 * {@code <extensions>true</extensions>}; the goals record into it either way.
 */
@Named("cicd-summary")
@Singleton
public class PipelineSummary extends AbstractMavenLifecycleParticipant {

    /** What happened to one module. */
    record ModuleRun(String module, PipelineContext context, List<String> goals) {}

    private static final Map<MavenSession, Map<String, ModuleRun>> RUNS = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Logger LOG = LoggerFactory.getLogger(PipelineSummary.class);

    static void record(MavenSession session, MavenProject project, String goal, PipelineContext context) {
        if (session == null || project == null) {
            return;
        }
        Map<String, ModuleRun> runs;
        synchronized (RUNS) {
            runs = RUNS.computeIfAbsent(session, s -> Collections.synchronizedMap(new LinkedHashMap<>()));
        }
        ModuleRun run = runs.computeIfAbsent(ReactorChanges.id(project),
                id -> new ModuleRun(project.getArtifactId(), context, Collections.synchronizedList(new ArrayList<>())));
        run.goals().add(goal);
    }

    static List<String> lines(MavenSession session) {
        Map<String, ModuleRun> runs = RUNS.get(session);
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
        long skipped = ordered.stream().filter(r -> r.context() != null && r.context().skipReason() != null).count();
        lines.add("cicd: " + ordered.size() + " services, " + (ordered.size() - skipped) + " built, " + skipped + " skipped");
        int width = ordered.stream().mapToInt(r -> r.module().length()).max().orElse(0);
        for (ModuleRun run : ordered) {
            PipelineContext context = run.context();
            String what;
            if (context == null) {
                what = "goals " + String.join(", ", run.goals());
            } else if (context.skipReason() != null) {
                what = "skipped: " + context.skipReason();
            } else {
                what = context.stage() + " " + context.imageTag() + ", goals " + String.join(", ", run.goals())
                        + ", steps " + (context.steps().isEmpty() ? "none" : String.join(",", context.steps()));
            }
            lines.add(String.format("  %-" + width + "s  %s", run.module(), what));
        }
        return lines;
    }

    @Override
    public void afterSessionEnd(MavenSession session) {
        List<String> lines = lines(session);
        if (lines.isEmpty()) {
            return;
        }
        LOG.info("------------------------------------------------------------------------");
        lines.forEach(LOG::info);
        RUNS.remove(session);
    }
}
