package dev.cicd.promote;

import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.kube.AccessCheck;
import dev.cicd.kube.KubeTarget;
import dev.cicd.registry.Descriptor;
import dev.cicd.registry.RegistryClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Records an approval to ship one version to production, bound to the image digest the registry
 * holds for that version, the chart version and the environment, with an expiry. The approver is
 * whoever the production cluster says the current user is; with the four-eyes rule an author of
 * the release (as its evidence names them) may not approve it.
 */
public final class Approver {

    /**
     * What to approve, and where approvals are kept.
     *
     * @param service the service
     * @param imageTag the version's image tag, e.g. {@code v1.0.2}
     * @param chartVersion the version's chart version
     * @param repository the image repository in the release registry
     * @param production the production environment's cluster
     * @param approvalNamespace the namespace of the production cluster holding approvals
     * @param validFor how long the approval is valid
     * @param fourEyes whether an author of the release is refused
     * @param comment a note kept with the approval, e.g. the change ticket; may be null
     */
    public record Request(
            String service,
            String imageTag,
            String chartVersion,
            String repository,
            KubeTarget production,
            String approvalNamespace,
            Duration validFor,
            boolean fourEyes,
            String comment) {}

    private final RegistryClient registry;
    private final Clock clock;
    private final BuildLog log;

    public Approver(RegistryClient registry, Clock clock, BuildLog log) {
        this.registry = registry;
        this.clock = clock;
        this.log = log;
    }

    public Approval approve(Request request) {
        Descriptor image = registry.head(request.repository(), request.imageTag())
                .orElseThrow(() -> CicdException.project("the registry has no " + registry.host() + "/"
                        + request.repository() + ":" + request.imageTag()
                        + ": nothing to approve (was it released with mvn deploy -Prelease?)"));
        Evidence evidence = new EvidenceStore(registry)
                .find(request.repository(), image.digest())
                .orElseThrow(() -> CicdException.project("no release evidence is attached to " + image.digest()
                        + ": only images pushed by a release build can be approved"));
        String environment = request.production().environment().name();
        log.info("approving " + request.service() + " " + request.imageTag() + " (" + image.digest() + ", chart "
                + request.chartVersion() + ") for " + environment + ": built from " + evidence.revision() + " on "
                + evidence.branch() + ", " + evidence.summary());
        try (KubernetesClient client = request.production().client()) {
            String approver = new AccessCheck(client).whoAmI();
            if (request.fourEyes() && Authors.isAuthor(approver, evidence.authors())) {
                throw CicdException.project("four-eyes rule: " + approver + " is an author of " + request.imageTag()
                        + " (" + String.join(", ", evidence.authors()) + ") and may not approve it;"
                        + " another approver runs this command");
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Approval approval = new Approval(
                    name(request, image.digest(), now),
                    request.service(),
                    request.imageTag(),
                    image.digest(),
                    request.chartVersion(),
                    environment,
                    approver,
                    now,
                    now.plus(request.validFor()),
                    request.comment());
            return new ApprovalStore(client, request.approvalNamespace()).record(approval);
        }
    }

    /** Unique per service, version, digest and second; a valid ConfigMap name. */
    private static String name(Request request, String digest, Instant now) {
        return ("cicd-approval-" + request.service() + "-" + request.imageTag() + "-" + digest.substring(7, 19) + "-"
                        + now.getEpochSecond())
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]", "-");
    }
}
