package dev.cicd.maven;

import dev.cicd.common.CicdException;
import java.io.UncheckedIOException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/**
 * One run of a goal: the global and the goal's own skip, the class-loader swap, the goal's work,
 * and the mapping of what went wrong to Maven's two kinds. A failure the code foresaw
 * ({@link CicdException}) keeps its message; anything else still ends in a sentence that names the
 * goal, the last step it reported and the {@code -e} hint, never a bare "No value present".
 */
final class GoalRun {

    private final AbstractPipelineMojo goal;
    private final Log log;

    GoalRun(AbstractPipelineMojo goal, Log log) {
        this.goal = goal;
        this.log = log;
    }

    void execute(boolean skipAll, String goalSkip) throws MojoExecutionException, MojoFailureException {
        if (skipAll) {
            log.info("skipped (cicd.skip=true)");
            return;
        }
        if (goalSkip != null) {
            log.info("skipped (" + goalSkip + ")");
            return;
        }
        // Libraries that look up services through the thread's class loader (fabric8's resource
        // types, Jackson modules) must find this plugin's own copies: a goal called from the command
        // line of a project that declares the plugin as an extension runs with another realm there.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(goal.getClass().getClassLoader());
        try {
            goal.run();
            PipelineSummary.record(goal.session, goal.project, goal.goalName(), log);
        } catch (CicdException e) {
            if (e.kind() == CicdException.Kind.PROJECT) {
                throw new MojoFailureException(e.getMessage(), e);
            }
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException(
                    e.getMessage() + ": " + e.getCause().getMessage() + " (check the disk and the file's permissions)",
                    e);
        } catch (RuntimeException e) {
            throw new MojoExecutionException(unexpected(e), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private String unexpected(RuntimeException e) {
        String step = goal.buildLog() instanceof MavenBuildLog maven ? maven.lastStep() : null;
        return "cicd:" + goal.goalName() + " stopped on an unexpected error"
                + (step == null ? "" : " after \"" + step + "\"") + ": "
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")
                + ". This is a fault of the plugin, not of your project: run the build again with -e for the stack"
                + " trace and report it with that trace.";
    }
}
