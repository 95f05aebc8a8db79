package dev.cicd.maven;

import dev.cicd.context.PipelineContext;
import dev.cicd.context.Step;
import dev.cicd.release.DeployStep;
import java.time.Duration;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Deploys the release to a non-production environment ({@code -Dcicd.environment=qa}) with
 * {@code helm upgrade --install}: the chart this build packaged, the image pinned by the digest this
 * build pushed, the change cause recorded. Access is checked first; the rollout is awaited with
 * progress; a failed rollout is rolled back (a failed first install removed) and the build fails
 * with the Deployment's conditions and events. Production is refused: that is {@code cicd:promote}.
 */
@Mojo(name = "deploy", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class DeployMojo extends AbstractEnvironmentMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.deploy.skip", defaultValue = "false")
    private boolean skip;

    /** Rolls a failed rollout back to the previous revision, as Helm's --atomic does. */
    @Parameter(property = "cicd.rollbackOnFailure", defaultValue = "true")
    private boolean rollbackOnFailure;

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.deploy.skip=true" : null;
    }

    @Override
    protected void run() {
        PipelineContext context = pipelineContext();
        if (!context.runs(Step.DEPLOY)) {
            getLog().info("not deployed: " + context.whyNot(Step.DEPLOY).orElseThrow());
            return;
        }
        new DeployStep(records(), Environments::target, buildLog(), Duration.ofSeconds(1))
                .run(new DeployStep.Request(
                        context,
                        namedEnvironment(),
                        Environments.productionOnes(environments, project.getBasedir()),
                        context.changeCause(reason),
                        Duration.ofSeconds(rolloutTimeout),
                        rollbackOnFailure));
    }
}
