package dev.cicd.maven;

import dev.cicd.chart.ChartRecord;
import dev.cicd.chart.PipelineValues;
import dev.cicd.common.CicdException;
import dev.cicd.common.Json;
import dev.cicd.context.PipelineContext;
import dev.cicd.context.Step;
import dev.cicd.kube.DeployEnvironment;
import dev.cicd.kube.Deployer;
import dev.cicd.kube.EnvironmentGuard;
import dev.cicd.kube.KubeTarget;
import dev.cicd.registry.PushRecord;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
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
public class DeployMojo extends AbstractPipelineMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.deploy.skip", defaultValue = "false")
    private boolean skip;

    /** The environment to deploy to, by name. */
    @Parameter(property = "cicd.environment")
    private String environment;

    /** How long the rollout may take, in seconds. */
    @Parameter(property = "cicd.rolloutTimeout", defaultValue = "300")
    private int rolloutTimeout;

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
        DeployEnvironment target = Environments.named(environments, project.getBasedir(), environment);
        Path chartRecordFile = output("chart.json");
        Path pushRecordFile = output("push.json");
        if (!Files.isRegularFile(chartRecordFile)) {
            throw CicdException.project("no packaged chart to deploy (" + chartRecordFile
                    + " is missing): cicd:chart runs" + " before cicd:deploy in mvn deploy -Prelease");
        }
        if (!Files.isRegularFile(pushRecordFile)) {
            throw CicdException.project(
                    "nothing pushed in this build (" + pushRecordFile + " is missing), so there is no"
                            + " image digest to deploy: cicd:push runs before cicd:deploy in mvn deploy -Prelease");
        }
        ChartRecord chart = Json.read(chartRecordFile, ChartRecord.class);
        PushRecord pushed = Json.read(pushRecordFile, PushRecord.class);
        if (!pushed.image().endsWith(":" + context.imageTag())) {
            throw CicdException.project(pushRecordFile + " records " + pushed.image() + ", not version "
                    + context.imageTag() + " of this build; run cicd:push again");
        }
        String repository = pushed.image().substring(0, pushed.image().lastIndexOf(':'));
        PipelineValues values = new PipelineValues(
                repository, context.imageTag(), pushed.imageDigest(), ChangeCause.of(context, reason));
        String release = target.releaseName(context.service(), context.imageTag());

        try (KubeTarget kube = Environments.target(target);
                KubernetesClient client = kube.client()) {
            EnvironmentGuard.checkNonProductionDeploy(
                    kube, Environments.productionTargets(environments, project.getBasedir()));
            getLog().info("deploying " + context.service() + " " + context.imageTag() + " to " + target.name() + " ("
                    + kube.describe()
                    + "): release " + release + ", chart " + chart.name() + "-" + chart.version() + ", image "
                    + repository + "@"
                    + pushed.imageDigest());
            getLog().info("change cause: " + values.reason());
            Deployer.Result result = new Deployer(kube, client, output("deploy"), buildLog(), Duration.ofSeconds(1))
                    .deploy(new Deployer.Request(
                            release,
                            Path.of(chart.archive()),
                            target.valuesFiles(),
                            values,
                            Duration.ofSeconds(rolloutTimeout),
                            rollbackOnFailure));
            Json.write(output("deploy-" + target.name() + ".json"), result);
            getLog().info("deployed " + release + " revision " + result.revision() + " to " + target.name() + " ("
                    + result.status() + ")");
        }
    }
}
