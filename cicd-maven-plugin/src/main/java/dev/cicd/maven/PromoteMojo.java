package dev.cicd.maven;

import dev.cicd.common.CicdException;
import dev.cicd.common.Json;
import dev.cicd.context.PipelineContext;
import dev.cicd.kube.DeployEnvironment;
import dev.cicd.kube.KubeTarget;
import dev.cicd.promote.Promoter;
import dev.cicd.registry.RegistryClient;
import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Ships a tested, approved version to production, as the seed's release pipeline does, printing each
 * step as it runs:
 * <ol type="a">
 *   <li>the version is deployed and healthy in QA, with the very image digest being promoted;
 *   <li>release evidence exists for that digest and passes the production gates;
 *   <li>an unexpired approval exists for exactly that digest and environment (or, with
 *       {@code cicd.approvalTimeout}, one is awaited with a countdown);
 *   <li>the image is copied into the production repository ({@code <registry>/prod/<repository>})
 *       through the registry API, digest kept, evidence along;
 *   <li>the production release is upgraded to {@code <registry>/prod/<repository>@<digest>} with the
 *       change cause "Promote v1.0.2 approved by alice", with rollout wait and rollback;
 *   <li>the promotion is recorded.
 * </ol>
 * A promotion that already happened is a no-op; one that stopped half-way resumes when run again.
 *
 * <pre>mvn cicd:promote -Dcicd.version=v1.0.2</pre>
 */
@Mojo(name = "promote", threadSafe = true)
public class PromoteMojo extends AbstractRegistryMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.promote.skip", defaultValue = "false")
    private boolean skip;

    /** The production environment; default the only production environment. */
    @Parameter(property = "cicd.environment")
    private String environment;

    /** The environment the version was tested in; default the only non-production environment, or qa. */
    @Parameter(property = "cicd.promoteFrom")
    private String promoteFrom;

    /** The registry of production images; default the release registry. */
    @Parameter(property = "cicd.productionRegistry")
    private String productionRegistry;

    /** The production repository; default {@code prod/<repository>}. */
    @Parameter(property = "cicd.productionRepository")
    private String productionRepository;

    /** The repository path of charts in the registry. */
    @Parameter(property = "cicd.chartRepository", defaultValue = "charts")
    private String chartRepository;

    /** Evidence gates production requires: any of tests, policy, scan. */
    @Parameter(property = "cicd.productionGates", defaultValue = "tests,policy")
    private String productionGates;

    /** The namespace of the production cluster holding approvals. */
    @Parameter(property = "cicd.approvalNamespace", defaultValue = "cicd-approvals")
    private String approvalNamespace;

    /**
     * The namespace of the production cluster where promotions are recorded; default the approvals
     * namespace. A namespace of its own lets CI write records without any right to write approvals.
     */
    @Parameter(property = "cicd.promotionNamespace")
    private String promotionNamespace;

    /** How long to wait for an approval, in seconds; 0 fails at once with the command to run. */
    @Parameter(property = "cicd.approvalTimeout", defaultValue = "0")
    private int approvalTimeout;

    /** Refuses an approval by an author of the release. */
    @Parameter(property = "cicd.fourEyes", defaultValue = "true")
    private boolean fourEyes;

    /** How long the production rollout may take, in seconds. */
    @Parameter(property = "cicd.rolloutTimeout", defaultValue = "300")
    private int rolloutTimeout;

    /** The CA certificate (PEM) of the production registry; default the release registry's. */
    @Parameter(property = "cicd.productionRegistryCa")
    private File productionRegistryCa;

    @Inject
    public PromoteMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.promote.skip=true" : null;
    }

    @Override
    protected void run() {
        if (version == null || version.isBlank()) {
            throw CicdException.project("give the version to promote: -Dcicd.version=v1.0.2");
        }
        PipelineContext context = pipelineContext();
        if (context.registry().isEmpty()) {
            throw CicdException.project("cicd.registry is empty: promotion copies the image from the release registry");
        }
        DeployEnvironment production = Promotion.productionEnvironment(environments, project.getBasedir(), environment);
        DeployEnvironment qa = Promotion.sourceEnvironment(environments, project.getBasedir(), promoteFrom);
        String targetHost = productionRegistry == null || productionRegistry.isBlank()
                ? context.registry()
                : productionRegistry.trim();
        String targetRepository = productionRepository == null || productionRepository.isBlank()
                ? "prod/" + context.repository()
                : productionRepository.trim();
        RegistryClient source = registryClient(context.registry(), registryCa);
        RegistryClient target = targetHost.equals(context.registry())
                ? source
                : registryClient(targetHost, productionRegistryCa != null ? productionRegistryCa : registryCa);
        getLog().info("promoting " + context.service() + " " + context.imageTag() + " from " + qa.name() + " to "
                + production.name() + " (" + targetHost + "/" + targetRepository + ")");
        try (KubeTarget qaTarget = Environments.target(qa);
                KubeTarget productionTarget = Environments.target(production)) {
            Promoter.Result result = new Promoter(
                            output("promote"), buildLog(), Clock.systemUTC(), Duration.ofSeconds(1))
                    .promote(new Promoter.Request(
                            context.service(),
                            context.imageTag(),
                            context.chartVersion(),
                            qaTarget,
                            qa.releaseName(context.service(), context.imageTag()),
                            productionTarget,
                            production.releaseName(context.service(), context.imageTag()),
                            production.valuesFiles(),
                            source,
                            context.repository(),
                            chartRepository,
                            target,
                            targetRepository,
                            Arrays.stream(productionGates.split(","))
                                    .map(String::trim)
                                    .filter(g -> !g.isEmpty())
                                    .toList(),
                            approvalNamespace,
                            promotionNamespace == null || promotionNamespace.isBlank()
                                    ? approvalNamespace
                                    : promotionNamespace,
                            Duration.ofSeconds(approvalTimeout),
                            fourEyes,
                            Duration.ofSeconds(rolloutTimeout)));
            Json.write(output("promote.json"), result);
            getLog().info(
                            result.changed()
                                    ? "promoted " + context.service() + " " + context.imageTag() + " to "
                                            + production.name() + ": " + result.productionImage()
                                    : context.service() + " " + context.imageTag() + " was already promoted to "
                                            + production.name() + "; nothing changed");
        }
    }
}
