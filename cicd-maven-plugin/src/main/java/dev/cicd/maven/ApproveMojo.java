package dev.cicd.maven;

import dev.cicd.common.Durations;
import dev.cicd.context.PipelineContext;
import dev.cicd.kube.DeployEnvironment;
import dev.cicd.kube.KubeTarget;
import dev.cicd.promote.Approval;
import dev.cicd.promote.Approver;
import java.time.Clock;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Records an approval to ship one version of the service to production: bound to the image digest
 * the registry holds for that version, the chart version and the environment, with an expiry. The
 * approver is whoever the production cluster says the current user is (SelfSubjectReview), never a
 * flag; RBAC on the approvals namespace decides who may approve. With the four-eyes rule (on by
 * default) an author of the release may not approve it.
 *
 * <pre>mvn cicd:approve -Dcicd.version=v1.0.2 -Dcicd.environment=production</pre>
 */
@Mojo(name = "approve", threadSafe = true)
public class ApproveMojo extends AbstractEnvironmentMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.approve.skip", defaultValue = "false")
    private boolean skip;

    /** How long the approval is valid: {@code 24h}, {@code 30m}, {@code 7d} or ISO-8601 ({@code PT24H}). */
    @Parameter(property = "cicd.approvalTtl", defaultValue = "24h")
    private String approvalTtl;

    /** A note kept with the approval, e.g. the change ticket. */
    @Parameter(property = "cicd.comment")
    private String comment;

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.approve.skip=true" : null;
    }

    @Override
    protected void run() {
        requireVersion("approve");
        PipelineContext context = pipelineContext();
        DeployEnvironment production = Environments.production(environments, project.getBasedir(), environment);
        Approver approver = new Approver(registryClient(context.registry(), registryCa), Clock.systemUTC(), buildLog());
        try (KubeTarget kube = target(production)) {
            Approval approval = approver.approve(new Approver.Request(
                    context.service(),
                    context.imageTag(),
                    context.chartVersion(),
                    context.repository(),
                    kube,
                    approvalNamespace,
                    Durations.parse(approvalTtl, "-Dcicd.approvalTtl"),
                    fourEyes,
                    comment));
            getLog().info("approved by " + approval.approver() + " until " + approval.expiresAt() + ": "
                    + approvalNamespace + "/" + approval.name());
            getLog().info("now: mvn cicd:promote -Dcicd.version=" + context.imageTag());
        }
    }
}
