package dev.cicd.maven;

import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.context.CiDetector;
import dev.cicd.context.CiInfo;
import dev.cicd.context.ContextResolver;
import dev.cicd.context.PipelineContext;
import dev.cicd.context.Stage;
import dev.cicd.context.StagePolicy;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every pipeline goal shares: the parameters that decide the pipeline context (service,
 * registry, branch, version, steps) and the mapping of service failures to Maven's two kinds.
 * Everything else belongs to the goal that needs it.
 */
abstract class AbstractPipelineMojo extends AbstractMojo {

    private static final String CONTEXT_KEY = PipelineContext.class.getName();

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    /** Skips every goal of this plugin. */
    @Parameter(property = "cicd.skip", defaultValue = "false")
    protected boolean skipAll;

    /** The service name; release branches name it ({@code release/<service>/v<semver>}). */
    @Parameter(property = "cicd.service", defaultValue = "${project.artifactId}")
    protected String service;

    /** Registry host and port for images and charts, e.g. {@code myrepo.azurecr.io}; empty for a local-only build. */
    @Parameter(property = "cicd.registry", defaultValue = "")
    protected String registry;

    /** Image repository inside the registry; defaults to the service name. */
    @Parameter(property = "cicd.repository")
    protected String repository;

    /** Builds as if on this branch, whatever the CI system or git say. */
    @Parameter(property = "cicd.branch")
    protected String branch;

    /** Builds this version (SemVer 2.0, {@code v} optional), whatever the branch says. */
    @Parameter(property = "cicd.version")
    protected String version;

    /** Runs exactly these steps (comma-separated: test,image,scan,chart,push,deploy), whatever the stage. */
    @Parameter(property = "cicd.steps")
    protected String steps;

    /**
     * Steps per stage, replacing the defaults for the stages given, e.g.
     * {@code <stageSteps><feature>test,image</feature></stageSteps>}. Defaults: feature {@code test};
     * pr and main {@code test,image,scan,chart}; release all steps.
     */
    @Parameter
    protected Map<String, String> stageSteps;

    /** Branches that are the trunk (stage {@code main}). */
    @Parameter(defaultValue = "main,master")
    protected List<String> mainBranches;

    /** The environments the service is rendered for and deployed to ({@code <environment>} entries). */
    @Parameter
    protected List<Environment> environments;

    /** The change cause recorded on the Deployment; default {@code "Release v1.0.2 of delivery from <branch>@<sha>"}. */
    @Parameter(property = "cicd.reason")
    protected String reason;

    /**
     * Change detection: {@code auto} (in CI builds: a service whose files, trigger paths and reactor
     * dependencies did not change skips its steps), {@code true} (also locally), {@code false}.
     */
    @Parameter(property = "cicd.changes", defaultValue = "auto")
    protected String changes;

    /** The revision to compare with, instead of the one the CI system implies (merge-base, previous commit). */
    @Parameter(property = "cicd.changesSince")
    protected String changesSince;

    /*
     * triggerPaths and triggerExcludes are read from every module's POM at once by ReactorChanges
     * (a module's goals decide with the whole reactor's settings); they are declared here so that
     * Maven documents and checks them.
     */

    /** More paths (globs from the repository root) whose changes concern this service, e.g. {@code libs/proto/**}. */
    @Parameter
    protected List<String> triggerPaths;

    /** Paths whose changes do not concern this service (globs relative to the module), e.g. {@code **}{@code /*.md}. */
    @Parameter
    protected List<String> triggerExcludes;

    /** Where goals leave their results. */
    @Parameter(defaultValue = "${project.build.directory}/cicd", readonly = true)
    protected File outputDirectory;

    private BuildLog buildLog;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skipAll) {
            getLog().info("skipped (cicd.skip=true)");
            return;
        }
        String goalSkip = goalSkipReason();
        if (goalSkip != null) {
            getLog().info("skipped (" + goalSkip + ")");
            return;
        }
        // Libraries that look up services through the thread's class loader (fabric8's resource
        // types, Jackson modules) must find this plugin's own copies: a goal called from the command
        // line of a project that declares the plugin as an extension runs with another realm there.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(getClass().getClassLoader());
        try {
            run();
            Object known = project.getContextValue(CONTEXT_KEY);
            PipelineSummary.record(
                    session, project, goalName(), known instanceof PipelineContext c ? c : null, getLog());
        } catch (CicdException e) {
            if (e.kind() == CicdException.Kind.PROJECT) {
                throw new MojoFailureException(e.getMessage(), e);
            }
            throw new MojoExecutionException(e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The goal's name, as in {@code cicd:build}: the class name without "Mojo", lower case. */
    private String goalName() {
        String name = getClass().getSimpleName().replace("Mojo", "");
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /** The goal's own work. */
    protected abstract void run() throws MojoExecutionException, MojoFailureException;

    /** The setting that skips this goal, e.g. {@code cicd.build.skip=true}; null when it runs. */
    protected abstract String goalSkipReason();

    protected BuildLog buildLog() {
        if (buildLog == null) {
            buildLog = new MavenBuildLog(
                    getLog(), session == null || session.getRequest().isInteractiveMode());
        }
        return buildLog;
    }

    /**
     * The context the {@code context} goal resolved for this project, or a fresh one when that goal
     * did not run in this build (a goal called on its own from the command line).
     */
    protected PipelineContext pipelineContext() {
        Object known = project.getContextValue(CONTEXT_KEY);
        if (known instanceof PipelineContext context) {
            return context;
        }
        PipelineContext context = resolveContext();
        project.setContextValue(CONTEXT_KEY, context);
        return context;
    }

    protected PipelineContext resolveContext() {
        ContextResolver.Settings settings = new ContextResolver.Settings(
                service,
                registry,
                repository,
                branch,
                version,
                mainBranches,
                StagePolicy.withOverrides(stageSteps),
                steps);
        CiInfo ci = CiDetector.forProject(System.getenv(), project.getBasedir().toPath())
                .detect();
        PipelineContext context = new ContextResolver(Clock.systemUTC()).resolve(ci, settings);
        if (context.skipReason() == null
                && context.stageValue() != Stage.RELEASE
                && ReactorChanges.enabled(changes, ci)) {
            context = ReactorChanges.of(session, project, ci, changesSince, buildLog())
                    .map(context::withChanges)
                    .orElse(context);
        }
        return context;
    }

    protected void rememberContext(PipelineContext context) {
        project.setContextValue(CONTEXT_KEY, context);
    }

    protected Path output(String first, String... more) {
        return outputDirectory.toPath().resolve(Path.of(first, more));
    }
}
