package dev.cicd.maven;

import dev.cicd.context.CiInfo;
import dev.cicd.context.CiSystem;
import dev.cicd.context.GitCheckout;
import dev.cicd.context.PipelineContext;
import dev.cicd.context.Plan;
import dev.cicd.context.Stage;
import dev.cicd.records.BuildRecords;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Prints, for the current branch and CI variables, what a build of the reactor will do for each
 * service and why: stage, version, the steps that run, the changed files that triggered it, or why
 * it skips. Writes {@code target/cicd/plan.json} with a CI matrix of the services that build
 * ({@code mvn cicd:plan} at the repository root; nothing is built). Each module's settings are read
 * as its own goals read them.
 */
@Mojo(name = "plan", aggregator = true, threadSafe = true)
public class PlanMojo extends AbstractPipelineMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.plan.skip", defaultValue = "false")
    private boolean skip;

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.plan.skip=true" : null;
    }

    @Override
    protected void run() {
        CiInfo ci = PipelineContexts.ci(project);
        Path root = GitCheckout.find(project.getBasedir().toPath())
                .map(GitCheckout::workTree)
                .orElse(session.getTopLevelProject().getBasedir().toPath());
        ReactorSettings reactor = reactorSettings();
        List<PipelineContext> contexts = new ArrayList<>();
        List<Plan.Service> services = new ArrayList<>();
        for (MavenProject module : session.getProjects()) {
            if ("pom".equals(module.getPackaging())
                    && !module.getBasedir()
                            .toPath()
                            .resolve("Dockerfile")
                            .toFile()
                            .isFile()) {
                continue;
            }
            reactor.of(module).ifPresent(settings -> {
                PipelineContext context = PipelineContexts.resolve(session, module, settings, reactor, ci, buildLog());
                contexts.add(context);
                String path = root.relativize(module.getBasedir().toPath().toAbsolutePath())
                        .toString()
                        .replace('\\', '/');
                services.add(Plan.Service.of(context, ReactorChanges.id(module), path, why(context, ci)));
            });
        }
        Plan plan = Plan.of(ci.branch(), contexts, services);
        records().write(BuildRecords.PLAN, plan);
        getLog().info("plan for branch " + ci.branch()
                + (plan.base() == null ? "" : ", changes since " + plan.base() + " (" + plan.baseReason() + ")") + ": "
                + plan.matrix().include().size() + " of " + services.size() + " services build");
        int width = services.stream().mapToInt(s -> s.service().length()).max().orElse(0);
        for (Plan.Service service : services) {
            getLog().info(String.format("  %-" + width + "s  %s", service.service(), service.describe()));
        }
        getLog().info("matrix: " + records().path(BuildRecords.PLAN));
    }

    /** Why the module builds or skips: change detection's reason, or why it did not run. */
    private static String why(PipelineContext context, CiInfo ci) {
        if (context.skipReason() != null) {
            return context.skipReason();
        }
        if (context.changes() != null) {
            return context.changes().reason();
        }
        return context.stageReason()
                + (context.stage() == Stage.RELEASE
                        ? ""
                        : ci.system() == CiSystem.LOCAL
                                ? "; change detection is off in local builds (-Dcicd.changes=true turns it on)"
                                : "; change detection off");
    }
}
