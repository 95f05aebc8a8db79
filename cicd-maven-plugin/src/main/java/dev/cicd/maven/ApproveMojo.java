package dev.cicd.maven;

import dev.cicd.common.CicdException;
import dev.cicd.context.PipelineContext;
import dev.cicd.kube.AccessCheck;
import dev.cicd.kube.DeployEnvironment;
import dev.cicd.kube.KubeTarget;
import dev.cicd.promote.Approval;
import dev.cicd.promote.ApprovalStore;
import dev.cicd.promote.Evidence;
import dev.cicd.promote.EvidenceStore;
import dev.cicd.registry.Descriptor;
import dev.cicd.registry.RegistryClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

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
public class ApproveMojo extends AbstractRegistryMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.approve.skip", defaultValue = "false")
    private boolean skip;

    /** The production environment the approval is for; default the only production environment. */
    @Parameter(property = "cicd.environment")
    private String environment;

    /** How long the approval is valid: {@code 24h}, {@code 30m}, {@code 7d} or ISO-8601 ({@code PT24H}). */
    @Parameter(property = "cicd.approvalTtl", defaultValue = "24h")
    private String approvalTtl;

    /** The namespace of the production cluster holding approvals; approvers may create ConfigMaps there. */
    @Parameter(property = "cicd.approvalNamespace", defaultValue = "cicd-approvals")
    private String approvalNamespace;

    /** Refuses an approval by an author of the release (commit author or the CI user who built it). */
    @Parameter(property = "cicd.fourEyes", defaultValue = "true")
    private boolean fourEyes;

    /** A note kept with the approval, e.g. the change ticket. */
    @Parameter(property = "cicd.comment")
    private String comment;

    @Inject
    public ApproveMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.approve.skip=true" : null;
    }

    @Override
    protected void run() {
        if (version == null || version.isBlank()) {
            throw CicdException.project("give the version to approve: -Dcicd.version=v1.0.2");
        }
        PipelineContext context = pipelineContext();
        DeployEnvironment production = Promotion.productionEnvironment(environments, project.getBasedir(), environment);
        RegistryClient registry = registryClient(context.registry(), registryCa);
        Descriptor image = registry.head(context.repository(), context.imageTag())
                .orElseThrow(() -> CicdException.project("the registry has no " + context.registry() + "/"
                        + context.repository() + ":" + context.imageTag()
                        + ": nothing to approve (was it released with mvn deploy -Prelease?)"));
        Evidence evidence = new EvidenceStore(registry)
                .find(context.repository(), image.digest())
                .orElseThrow(() -> CicdException.project("no release evidence is attached to " + image.digest()
                        + ": only images pushed by a" + " release build can be approved"));
        getLog().info("approving " + context.service() + " " + context.imageTag() + " (" + image.digest() + ", chart "
                + context.chartVersion() + ") for " + production.name() + ": built from " + evidence.revision() + " on "
                + evidence.branch() + ", tests "
                + (evidence.tests() == null ? "not run" : evidence.tests().status())
                + ", policy "
                + (evidence.policy() == null ? "not checked" : evidence.policy().passed() ? "passed" : "failed"));
        try (KubeTarget kube = Environments.target(production);
                KubernetesClient client = kube.client()) {
            String approver = new AccessCheck(client).whoAmI();
            if (fourEyes && Promotion.isAuthor(approver, evidence.authors())) {
                throw CicdException.project("four-eyes rule: " + approver + " is an author of " + context.imageTag()
                        + " (" + String.join(", ", evidence.authors())
                        + ") and may not approve it; another approver runs this command");
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant expires = now.plus(parseDuration(approvalTtl));
            String name = ("cicd-approval-" + context.service() + "-" + context.imageTag() + "-"
                            + image.digest().substring(7, 19) + "-" + now.getEpochSecond())
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9-]", "-");
            Approval approval = new ApprovalStore(client, approvalNamespace)
                    .record(new Approval(
                            name,
                            context.service(),
                            context.imageTag(),
                            image.digest(),
                            context.chartVersion(),
                            production.name(),
                            approver,
                            now,
                            expires,
                            comment));
            getLog().info("approved by " + approver + " until " + expires + ": " + approvalNamespace + "/"
                    + approval.name());
            getLog().info("now: mvn cicd:promote -Dcicd.version=" + context.imageTag());
        }
    }

    static Duration parseDuration(String text) {
        String value = text.trim();
        try {
            if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw CicdException.project("'" + text + "' is not a duration: use 30m, 24h, 7d or ISO-8601 such as PT24H");
        }
    }
}
