package dev.cicd.release;

import dev.cicd.chart.ChartRecord;
import dev.cicd.chart.PipelineValues;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.context.PipelineContext;
import dev.cicd.kube.DeployEnvironment;
import dev.cicd.kube.Deployer;
import dev.cicd.kube.EnvironmentGuard;
import dev.cicd.kube.KubeTarget;
import dev.cicd.records.BuildRecords;
import dev.cicd.registry.PushRecord;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The deploy step of a release build: the chart this build packaged, the image pinned by the digest
 * this build pushed, to a non-production environment, with {@code helm upgrade --install} and a
 * rollout wait ({@link Deployer}). Reads the {@link BuildRecords#CHART} and {@link BuildRecords#PUSH}
 * records; writes {@link BuildRecords#DEPLOY}.
 */
public final class DeployStep {

    /**
     * Where and how to deploy.
     *
     * @param context the build's context
     * @param environment the environment to deploy to
     * @param production the production environments: the environment's cluster must be none of theirs
     * @param reason the change cause
     * @param rolloutTimeout how long the rollout may take
     * @param rollbackOnFailure whether a failed rollout is rolled back
     */
    public record Request(
            PipelineContext context,
            DeployEnvironment environment,
            List<DeployEnvironment> production,
            String reason,
            Duration rolloutTimeout,
            boolean rollbackOnFailure) {}

    private final BuildRecords records;
    private final Function<DeployEnvironment, KubeTarget> clusters;
    private final BuildLog log;
    private final Duration poll;

    /** @param clusters reads an environment's kubeconfig */
    public DeployStep(
            BuildRecords records, Function<DeployEnvironment, KubeTarget> clusters, BuildLog log, Duration poll) {
        this.records = records;
        this.clusters = clusters;
        this.log = log;
        this.poll = poll;
    }

    public Deployer.Result run(Request request) {
        PipelineContext context = request.context();
        ChartRecord chart = records.read(BuildRecords.CHART)
                .orElseThrow(() -> CicdException.project("no packaged chart to deploy ("
                        + records.path(BuildRecords.CHART) + " is missing): cicd:chart runs before cicd:deploy in"
                        + " mvn deploy -Prelease"));
        PushRecord pushed = records.read(BuildRecords.PUSH)
                .orElseThrow(() -> CicdException.project("nothing pushed in this build ("
                        + records.path(BuildRecords.PUSH) + " is missing), so there is no image digest to deploy:"
                        + " cicd:push runs before cicd:deploy in mvn deploy -Prelease"));
        if (!pushed.image().endsWith(":" + context.imageTag())) {
            throw CicdException.project(records.path(BuildRecords.PUSH) + " records " + pushed.image()
                    + ", not version " + context.imageTag() + " of this build; run cicd:push again");
        }
        String repository = pushed.image().substring(0, pushed.image().lastIndexOf(':'));
        PipelineValues values =
                new PipelineValues(repository, context.imageTag(), pushed.imageDigest(), request.reason());
        String release = request.environment().releaseName(context.service(), context.imageTag());
        try (KubeTarget kube = clusters.apply(request.environment());
                KubernetesClient client = kube.client()) {
            EnvironmentGuard.checkNonProductionDeploy(
                    kube, request.production().stream().map(clusters).toList());
            log.info("deploying " + context.service() + " " + context.imageTag() + " to "
                    + kube.environment().name()
                    + " (" + kube.describe() + "): release " + release + ", chart " + chart.name() + "-"
                    + chart.version() + ", image " + repository + "@" + pushed.imageDigest());
            log.info("change cause: " + values.reason());
            Deployer.Result result = new Deployer(kube, client, records.path(BuildRecords.DEPLOY_WORK), log, poll)
                    .deploy(new Deployer.Request(
                            release,
                            Path.of(chart.archive()),
                            kube.environment().valuesFiles(),
                            values,
                            request.rolloutTimeout(),
                            request.rollbackOnFailure()));
            records.write(BuildRecords.DEPLOY.of(kube.environment().name()), result);
            log.info("deployed " + release + " revision " + result.revision() + " to "
                    + kube.environment().name() + " (" + result.status() + ")");
            return result;
        }
    }
}
