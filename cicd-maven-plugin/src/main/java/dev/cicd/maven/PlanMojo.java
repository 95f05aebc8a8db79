package dev.cicd.maven;

import dev.cicd.common.Json;
import dev.cicd.context.CiDetector;
import dev.cicd.context.CiInfo;
import dev.cicd.context.CiSystem;
import dev.cicd.context.ContextResolver;
import dev.cicd.context.GitCheckout;
import dev.cicd.context.PipelineContext;
import dev.cicd.context.Plan;
import dev.cicd.context.Stage;
import dev.cicd.context.StagePolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Prints, for the current branch and CI variables, what a build of the reactor will do for each
 * service and why: stage, version, the steps that run, the changed files that triggered it, or why
 * it skips. Writes {@code target/cicd/plan.json} with a CI matrix of the services that build
 * ({@code mvn cicd:plan} at the repository root; nothing is built).
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
        CiInfo ci = CiDetector.forProject(System.getenv(), project.getBasedir().toPath())
                .detect();
        Path root = GitCheckout.find(project.getBasedir().toPath())
                .map(GitCheckout::workTree)
                .orElse(session.getTopLevelProject().getBasedir().toPath());
        List<Plan.Service> services = new ArrayList<>();
        List<Plan.Entry> matrix = new ArrayList<>();
        String base = null;
        String baseReason = null;
        String stage = null;
        for (MavenProject module : session.getProjects()) {
            if (!ReactorChanges.usesPlugin(module) || "pom".equals(module.getPackaging()) && !hasDockerfile(module)) {
                continue;
            }
            PipelineContext context = contextOf(module, ci);
            stage = context.stage();
            boolean builds = context.skipReason() == null;
            PipelineContext.Changes changes = context.changes();
            if (changes != null) {
                base = changes.base();
                baseReason = changes.baseReason();
            }
            String path = root.relativize(module.getBasedir().toPath().toAbsolutePath())
                    .toString()
                    .replace('\\', '/');
            String reason = !builds
                    ? context.skipReason()
                    : changes != null
                            ? changes.reason()
                            : context.stageReason()
                                    + (context.stageValue() == Stage.RELEASE
                                            ? ""
                                            : ci.system() == CiSystem.LOCAL
                                                    ? "; change detection is off in local builds (-Dcicd.changes=true turns it on)"
                                                    : "; change detection off");
            services.add(new Plan.Service(
                    context.service(),
                    ReactorChanges.id(module),
                    path,
                    context.stage(),
                    context.version(),
                    context.imageTag(),
                    builds,
                    builds ? context.steps() : List.of(),
                    reason,
                    changes == null ? List.of() : changes.triggers()));
            if (builds) {
                matrix.add(new Plan.Entry(context.service(), path, context.version()));
            }
        }
        Plan plan = new Plan(ci.branch(), stage, base, baseReason, services, new Plan.Matrix(matrix));
        Json.write(output("plan.json"), plan);
        getLog().info("plan for branch " + ci.branch()
                + (base == null ? "" : ", changes since " + base + " (" + baseReason + ")") + ": " + matrix.size()
                + " of " + services.size() + " services build");
        int width = services.stream().mapToInt(s -> s.service().length()).max().orElse(0);
        for (Plan.Service service : services) {
            getLog().info(String.format(
                    "  %-" + width + "s  %s",
                    service.service(),
                    service.builds()
                            ? service.stage() + " " + service.imageTag() + ", steps "
                                    + String.join(",", service.steps()) + " - " + service.reason()
                            : "skips: " + service.reason()));
        }
        getLog().info("matrix: " + output("plan.json"));
    }

    private static boolean hasDockerfile(MavenProject module) {
        return module.getBasedir().toPath().resolve("Dockerfile").toFile().isFile();
    }

    /** The context a build of this module would resolve, from the module's own properties and configuration. */
    private PipelineContext contextOf(MavenProject module, CiInfo ci) {
        Xpp3Dom configuration = ReactorChanges.configuration(module);
        String moduleService = setting(module, configuration, "service", module.getArtifactId());
        ContextResolver.Settings settings = new ContextResolver.Settings(
                moduleService,
                setting(module, configuration, "registry", ""),
                setting(module, configuration, "repository", null),
                session.getUserProperties().getProperty("cicd.branch"),
                session.getUserProperties().getProperty("cicd.version"),
                ReactorChanges.list(module, "mainBranches").isEmpty()
                        ? List.of("main", "master")
                        : ReactorChanges.list(module, "mainBranches"),
                StagePolicy.withOverrides(map(configuration, "stageSteps")),
                session.getUserProperties().getProperty("cicd.steps"));
        CiInfo moduleCi = settings.branchOverride() == null ? ci : ci.withBranch(settings.branchOverride());
        PipelineContext context = new ContextResolver(Clock.systemUTC()).resolve(moduleCi, settings);
        if (context.skipReason() == null
                && context.stageValue() != Stage.RELEASE
                && ReactorChanges.enabled(changes, ci)) {
            context = ReactorChanges.of(session, module, ci, changesSince, buildLog())
                    .map(context::withChanges)
                    .orElse(context);
        }
        return context;
    }

    /** A setting as a goal would see it: command line, then the module's properties, then the plugin's configuration. */
    private String setting(MavenProject module, Xpp3Dom configuration, String name, String fallback) {
        String property = "cicd." + name;
        String value = session.getUserProperties().getProperty(property);
        if (value == null) {
            value = module.getProperties().getProperty(property);
        }
        if (value == null && configuration != null && configuration.getChild(name) != null) {
            value = configuration.getChild(name).getValue();
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static Map<String, String> map(Xpp3Dom configuration, String name) {
        Map<String, String> values = new LinkedHashMap<>();
        Xpp3Dom element = configuration == null ? null : configuration.getChild(name);
        if (element != null) {
            for (Xpp3Dom child : element.getChildren()) {
                values.put(child.getName(), child.getValue());
            }
        }
        return values;
    }
}
