package dev.cicd.maven;

import dev.cicd.context.PipelineContext;
import dev.cicd.kube.DeployEnvironment;
import dev.cicd.kube.KubeTarget;
import dev.cicd.promote.Promoter;
import dev.cicd.records.BuildRecords;
import dev.cicd.registry.RegistryClient;
import java.io.File;
import java.time.Clock;
import java.time.Duration;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Ships a tested, approved version to production, as the seed's release pipeline does, printing each
 * step as it runs: (a) the version is deployed and healthy in QA with the very image digest being
 * promoted; (b) release evidence exists for that digest and passes the production gates; (c) an
 * unexpired approval exists for exactly that digest and environment (or, with
 * {@code cicd.approvalTimeout}, one is awaited); (d) the image is copied into the production
 * repository ({@code <registry>/prod/<repository>}), digest kept, evidence along; (e) the production
 * release is upgraded to it with the change cause "Promote v1.0.2 approved by alice", rollout wait
 * and rollback; (f) the promotion is recorded. A promotion that already happened is a no-op; one
 * that stopped half-way resumes when run again.
 *
 * <pre>mvn cicd:promote -Dcicd.version=v1.0.2</pre>
 */
@Mojo(name = "promote", threadSafe = true)
public class PromoteMojo extends AbstractEnvironmentMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.promote.skip", defaultValue = "false")
    private boolean skip;

    /** The environment the version was tested in; default the only non-production environment, or qa. */
    @Parameter(property = "cicd.promoteFrom")
    private String promoteFrom;

    /** The registry of production images; default the release registry. */
    @Parameter(property = "cicd.productionRegistry")
    private String productionRegistry;

    /** The production repository; default {@code prod/<repository>}. */
    @Parameter(property = "cicd.productionRepository")
    private String productionRepository;

    /** The CA certificate (PEM) of the production registry; default the release registry's. */
    @Parameter(property = "cicd.productionRegistryCa")
    private File productionRegistryCa;

    /** Evidence gates production requires: any of tests, policy, scan. */
    @Parameter(property = "cicd.productionGates", defaultValue = "tests,policy")
    private String productionGates;

    /** How long to wait for an approval, in seconds; 0 fails at once with the command to run. */
    @Parameter(property = "cicd.approvalTimeout", defaultValue = "0")
    private int approvalTimeout;

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.promote.skip=true" : null;
    }

    @Override
    protected void run() {
        requireVersion("promote");
        PipelineContext context = pipelineContext();
        String sourceHost = releaseRegistry(context, "promotion copies the image from the release registry");
        DeployEnvironment production = Environments.production(environments, project.getBasedir(), environment);
        DeployEnvironment qa = Environments.promotionSource(environments, project.getBasedir(), promoteFrom);
        String targetHost = KeyValues.blankToNull(productionRegistry) == null ? sourceHost : productionRegistry.trim();
        String targetRepository = KeyValues.blankToNull(productionRepository) == null
                ? "prod/" + context.repository()
                : productionRepository.trim();
        RegistryClient source = registryClient(sourceHost, registryCa);
        RegistryClient target = targetHost.equals(sourceHost)
                ? source
                : registryClient(targetHost, productionRegistryCa != null ? productionRegistryCa : registryCa);
        getLog().info("promoting " + context.service() + " " + context.imageTag() + " from " + qa.name() + " to "
                + production.name() + " (" + targetHost + "/" + targetRepository + ")");
        try (KubeTarget qaCluster = target(qa);
                KubeTarget productionCluster = target(production)) {
            Promoter.Result result = new Promoter(
                            records().path(BuildRecords.PROMOTE_WORK),
                            buildLog(),
                            Clock.systemUTC(),
                            Duration.ofSeconds(1))
                    .promote(new Promoter.Request(
                            new Promoter.Version(context.service(), context.imageTag(), context.chartVersion()),
                            new Promoter.Tested(
                                    qaCluster,
                                    qa.releaseName(context.service(), context.imageTag()),
                                    source,
                                    context.repository(),
                                    chartRepository),
                            new Promoter.Production(
                                    productionCluster,
                                    production.releaseName(context.service(), context.imageTag()),
                                    production.valuesFiles(),
                                    target,
                                    targetRepository),
                            rules()));
            records().write(BuildRecords.PROMOTE, result);
            getLog().info(result.describe(production.name()));
        }
    }

    private Promoter.Rules rules() {
        return new Promoter.Rules(
                KeyValues.commaList(productionGates),
                approvalNamespace,
                promotionNamespace(),
                Duration.ofSeconds(approvalTimeout),
                fourEyes,
                Duration.ofSeconds(rolloutTimeout));
    }
}
