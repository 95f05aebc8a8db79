package dev.cicd.maven;

import dev.cicd.common.BuildLog;
import dev.cicd.context.CiDetector;
import dev.cicd.context.CiInfo;
import dev.cicd.context.ContextResolver;
import dev.cicd.context.PipelineContext;
import dev.cicd.context.Stage;
import java.time.Clock;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;

/**
 * The pipeline context of a module, resolved one way for every goal and for {@code cicd:plan}: the
 * CI system's answer, the module's settings, then change detection over the whole reactor.
 */
final class PipelineContexts {

    private static final String KEY = PipelineContext.class.getName();

    private PipelineContexts() {}

    /** The context the {@code context} goal resolved for this project in this build, else a fresh one. */
    static PipelineContext of(
            MavenSession session,
            MavenProject project,
            ModuleSettings settings,
            ReactorSettings reactor,
            BuildLog log) {
        Optional<PipelineContext> known = known(project);
        if (known.isPresent()) {
            return known.get();
        }
        PipelineContext context = resolve(session, project, settings, reactor, log);
        remember(project, context);
        return context;
    }

    static PipelineContext resolve(
            MavenSession session, MavenProject module, ModuleSettings settings, ReactorSettings reactor, BuildLog log) {
        return resolve(session, module, settings, reactor, ci(module), log);
    }

    /** With what the CI system says already known: cicd:plan asks once for the whole reactor. */
    static PipelineContext resolve(
            MavenSession session,
            MavenProject module,
            ModuleSettings settings,
            ReactorSettings reactor,
            CiInfo ci,
            BuildLog log) {
        PipelineContext context = new ContextResolver(Clock.systemUTC()).resolve(ci, settings.context());
        if (context.skipReason() == null
                && context.stage() != Stage.RELEASE
                && settings.changes().enabledFor(ci)) {
            context = ReactorChanges.of(session, module, ci, settings.changesSince(), reactor, log)
                    .map(context::withChanges)
                    .orElse(context);
        }
        return context;
    }

    /** What the CI system, or outside CI the git checkout of the module, says about this build. */
    static CiInfo ci(MavenProject module) {
        return CiDetector.forProject(System.getenv(), module.getBasedir().toPath())
                .detect();
    }

    static Optional<PipelineContext> known(MavenProject project) {
        return project.getContextValue(KEY) instanceof PipelineContext context
                ? Optional.of(context)
                : Optional.empty();
    }

    static void remember(MavenProject project, PipelineContext context) {
        project.setContextValue(KEY, context);
    }
}
