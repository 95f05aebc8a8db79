package dev.cicd.maven;

import dev.cicd.changes.ChangeMode;
import dev.cicd.common.BuildLog;
import dev.cicd.context.ContextResolver;
import dev.cicd.context.PipelineContext;
import dev.cicd.context.StagePolicy;
import dev.cicd.records.BuildRecords;
import java.io.File;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MavenPluginManager;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every pipeline goal shares: the parameters that decide the pipeline context (service,
 * registry, branch, version, steps, change detection), the environments, and one template for
 * skipping, running and reporting failures ({@link GoalRun}). The registry's parameters are in
 * {@link AbstractRegistryMojo}, the environments' in {@link AbstractEnvironmentMojo}.
 */
abstract class AbstractPipelineMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    protected MojoExecution mojoExecution;

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
    @Parameter(defaultValue = ContextResolver.DEFAULT_MAIN_BRANCHES)
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

    /** More paths (globs from the repository root) whose changes concern this service, e.g. {@code libs/proto/**}. */
    @Parameter
    protected List<String> triggerPaths;

    /** Paths whose changes do not concern this service (globs relative to the module), e.g. {@code **}{@code /*.md}. */
    @Parameter
    protected List<String> triggerExcludes;

    /** Where goals leave their results. */
    @Parameter(defaultValue = "${project.build.directory}/cicd", readonly = true)
    protected File outputDirectory;

    /* Injected into the field: every goal needs it, and no goal's constructor should carry it. */
    @Inject
    MavenPluginManager pluginManager;

    private BuildLog buildLog;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        new GoalRun(this, getLog()).execute(skipAll, goalSkipReason());
    }

    /** The goal's name, as in {@code cicd:build}: the class name without "Mojo", lower case. */
    String goalName() {
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

    /** This module's records under {@code target/cicd/}. */
    protected BuildRecords records() {
        return BuildRecords.in(outputDirectory.toPath());
    }

    /** This goal's pipeline settings; other modules' are read through {@link ReactorSettings}. */
    ModuleSettings moduleSettings() {
        return new ModuleSettings(
                new ContextResolver.Settings(
                        service,
                        registry,
                        repository,
                        branch,
                        version,
                        mainBranches,
                        StagePolicy.withOverrides(stageSteps),
                        steps),
                ChangeMode.parse(changes),
                changesSince,
                triggerPaths == null ? List.of() : triggerPaths,
                triggerExcludes == null ? List.of() : triggerExcludes);
    }

    ReactorSettings reactorSettings() {
        return new ReactorSettings(session, mojoExecution, pluginManager);
    }

    /**
     * The context the {@code context} goal resolved for this project, or a fresh one when that goal
     * did not run in this build (a goal called on its own from the command line).
     */
    protected PipelineContext pipelineContext() {
        return PipelineContexts.of(session, project, moduleSettings(), reactorSettings(), buildLog());
    }
}
