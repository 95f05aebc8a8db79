package dev.cicd.promote;

import dev.cicd.chart.ChartPusher;
import dev.cicd.chart.PipelineValues;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.kube.AccessCheck;
import dev.cicd.kube.Deployer;
import dev.cicd.kube.HelmReleaseStore;
import dev.cicd.kube.KubeTarget;
import dev.cicd.kube.RolloutWatcher;
import dev.cicd.kube.StoredRelease;
import dev.cicd.registry.Descriptor;
import dev.cicd.registry.RegistryClient;
import dev.cicd.registry.RegistryManifest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The seed's release pipeline after QA: check that the version runs healthy in QA with the very
 * digest being promoted, that its evidence passes the production gates, and that an unexpired
 * approval exists for exactly that digest; then copy the image into the production repository
 * (digest kept, evidence along), upgrade the production release to it, and record who approved
 * what. Every step is idempotent, so a run that stopped half-way is resumed by running it again,
 * and a run after a completed promotion changes nothing.
 */
public final class Promoter {

    /**
     * What to promote, from where to where, under which rules.
     *
     * @param version the version promoted
     * @param tested where it was tested and pushed
     * @param production where it goes
     * @param rules the gates, approvals and timeouts
     */
    public record Request(Version version, Tested tested, Production production, Rules rules) {}

    /**
     * @param service the service
     * @param imageTag the version's image tag, e.g. {@code v1.0.2}
     * @param chartVersion the version's chart version, e.g. {@code 1.0.2}
     */
    public record Version(String service, String imageTag, String chartVersion) {}

    /**
     * @param cluster the QA environment's cluster
     * @param release the release name in QA
     * @param registry the registry the release build pushed to
     * @param repository the image repository there
     * @param chartRepository the chart repository path there (e.g. {@code charts})
     */
    public record Tested(
            KubeTarget cluster, String release, RegistryClient registry, String repository, String chartRepository) {}

    /**
     * @param cluster the production environment's cluster
     * @param release the release name in production
     * @param valuesFiles the production environment's values files
     * @param registry the production registry (often the same registry)
     * @param repository the production repository, e.g. {@code prod/delivery}
     */
    public record Production(
            KubeTarget cluster, String release, List<Path> valuesFiles, RegistryClient registry, String repository) {}

    /**
     * @param gates the evidence gates: tests, policy, scan
     * @param approvalNamespace where approvals live in the production cluster
     * @param promotionNamespace where promotions are recorded (may be the approvals namespace)
     * @param approvalTimeout how long to wait for an approval; zero fails at once
     * @param fourEyes whether the approver must not be an author of the release
     * @param rolloutTimeout how long the production rollout may take
     */
    public record Rules(
            List<String> gates,
            String approvalNamespace,
            String promotionNamespace,
            Duration approvalTimeout,
            boolean fourEyes,
            Duration rolloutTimeout) {}

    /** What the promotion did. */
    public record Result(
            String service,
            String version,
            String digest,
            String productionImage,
            String approver,
            Instant approvedAt,
            String promotedBy,
            int revision,
            boolean changed) {

        /** {@code promoted delivery v1.0.2 to production: <image>}, or that nothing changed. */
        public String describe(String environment) {
            return changed
                    ? "promoted " + service + " " + version + " to " + environment + ": " + productionImage
                    : service + " " + version + " was already promoted to " + environment + "; nothing changed";
        }
    }

    private final Path workDirectory;
    private final BuildLog log;
    private final Clock clock;
    private final Duration poll;

    public Promoter(Path workDirectory, BuildLog log, Clock clock, Duration poll) {
        this.workDirectory = workDirectory;
        this.log = log;
        this.clock = clock;
        this.poll = poll;
    }

    public Result promote(Request request) {
        try (KubernetesClient qaClient = request.tested().cluster().client();
                KubernetesClient prodClient = request.production().cluster().client()) {
            String digest = stepQa(request, qaClient);
            Evidence evidence = stepEvidence(request, digest);
            Approval approval = stepApproval(request, prodClient, digest, evidence);
            String productionImage = stepCopy(request, digest);
            Deployer.Result deployed = stepDeploy(request, prodClient, digest, evidence, approval, productionImage);
            String promotedBy = new AccessCheck(prodClient).whoAmI();
            new ApprovalStore(prodClient, request.rules().promotionNamespace())
                    .recordPromotion(new PromotionRecord(
                            approval, productionImage, promotedBy, clock.instant(), deployed.revision()));
            log.info("[f] recorded: " + request.version().service() + " "
                    + request.version().imageTag() + " (" + digest + ") approved by "
                    + approval.approver() + " at " + approval.approvedAt() + ", promoted by " + promotedBy
                    + " as revision "
                    + deployed.revision());
            return new Result(
                    request.version().service(),
                    request.version().imageTag(),
                    digest,
                    productionImage,
                    approval.approver(),
                    approval.approvedAt(),
                    promotedBy,
                    deployed.revision(),
                    !"unchanged".equals(deployed.status()));
        }
    }

    /** a. The version runs in QA, healthy, and the registry's tag still names the digest QA runs. */
    private String stepQa(Request request, KubernetesClient qaClient) {
        String namespace = request.tested().cluster().environment().namespace();
        StoredRelease release = new HelmReleaseStore(qaClient, namespace)
                .latest(request.tested().release())
                .orElseThrow(
                        () -> CicdException.project("[a] " + request.version().service() + " is not deployed in "
                                + request.tested().cluster().environment().name() + " (no release "
                                + request.tested().release() + " in " + namespace
                                + "): deploy " + request.version().imageTag()
                                + " there first (mvn deploy -Prelease on its release branch)"));
        if (!"deployed".equals(release.status())
                || !request.version().imageTag().equals(release.appVersion())) {
            throw CicdException.project("[a] "
                    + request.tested().cluster().environment().name() + " runs " + release.appVersion() + " (revision "
                    + release.revision() + ", " + release.status() + "), not "
                    + request.version().imageTag()
                    + ": promote the version QA tested, or deploy "
                    + request.version().imageTag() + " to QA first");
        }
        String prefix =
                request.tested().registry().host() + "/" + request.tested().repository() + "@";
        String digest = release.images().stream()
                .filter(i -> i.startsWith(prefix))
                .map(i -> i.substring(prefix.length()))
                .findFirst()
                .orElseThrow(() -> CicdException.project(
                        "[a] the QA release " + request.tested().release() + " runs "
                                + release.images() + ", not an image of "
                                + request.tested().registry().host() + "/"
                                + request.tested().repository()
                                + " pinned by digest"));
        RolloutWatcher.Outcome health = new RolloutWatcher(qaClient, namespace, log, poll)
                .current(request.tested().release());
        if (!health.succeeded()) {
            throw CicdException.project("[a] " + request.version().imageTag() + " is not healthy in "
                    + request.tested().cluster().environment().name() + ": " + health.summary() + System.lineSeparator()
                    + String.join(System.lineSeparator(), health.details()));
        }
        Descriptor tagged = request.tested()
                .registry()
                .head(request.tested().repository(), request.version().imageTag())
                .orElseThrow(() -> CicdException.project(
                        "[a] the registry has no " + request.tested().repository() + ":"
                                + request.version().imageTag()));
        if (!tagged.digest().equals(digest)) {
            throw CicdException.project(
                    "[a] QA runs " + digest + " but " + request.tested().repository() + ":"
                            + request.version().imageTag() + " now names " + tagged.digest()
                            + "; the tag was overwritten after QA: deploy the current image to QA first");
        }
        log.info("[a] QA: " + request.tested().release() + " revision " + release.revision() + " runs "
                + request.version().imageTag() + " (" + digest + "), " + health.summary());
        return digest;
    }

    /** b. Evidence for that digest exists and passes the production gates. */
    private Evidence stepEvidence(Request request, String digest) {
        Evidence evidence = new EvidenceStore(request.tested().registry())
                .find(request.tested().repository(), digest)
                .orElseThrow(() -> CicdException.project("[b] no release evidence is attached to " + digest + " in "
                        + request.tested().registry().host() + "/"
                        + request.tested().repository()
                        + ": only images pushed by a release build (mvn deploy -Prelease) can be promoted"));
        List<String> failed = evidence.failedGates(request.rules().gates());
        if (!failed.isEmpty()) {
            throw CicdException.project("[b] the evidence of " + digest + " does not pass the production gates: "
                    + String.join("; ", failed));
        }
        log.info("[b] evidence: built from " + evidence.revision() + " on " + evidence.branch() + "; "
                + evidence.summary() + "; gates: "
                + String.join(", ", request.rules().gates()));
        return evidence;
    }

    /** c. An unexpired approval for exactly this digest and environment; wait for one if asked to. */
    private Approval stepApproval(Request request, KubernetesClient prodClient, String digest, Evidence evidence) {
        ApprovalStore store = new ApprovalStore(prodClient, request.rules().approvalNamespace());
        String environment = request.production().cluster().environment().name();
        Instant deadline = clock.instant().plus(request.rules().approvalTimeout());
        Instant nextReport = clock.instant();
        String command = "mvn cicd:approve -Dcicd.version=" + request.version().imageTag() + " -Dcicd.environment="
                + environment;
        while (true) {
            List<String> rejected = new ArrayList<>();
            for (Approval approval : store.approvals(
                    request.version().service(), request.version().imageTag(), environment)) {
                Optional<String> why = rejection(approval, digest, environment, evidence, request);
                if (why.isEmpty()) {
                    log.info("[c] approved by " + approval.approver() + " at " + approval.approvedAt() + " (expires "
                            + approval.expiresAt() + ")"
                            + (approval.comment() == null ? "" : ": " + approval.comment()));
                    return approval;
                }
                rejected.add(approval.name() + " by " + approval.approver() + ": " + why.get());
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                StringBuilder message = new StringBuilder(
                        "[c] no valid approval for " + request.version().service() + " "
                                + request.version().imageTag() + " (" + digest + ") in " + environment + ".");
                rejected.forEach(r -> message.append(System.lineSeparator())
                        .append("  rejected ")
                        .append(r));
                message.append(System.lineSeparator())
                        .append("An approver runs: ")
                        .append(command)
                        .append(System.lineSeparator())
                        .append("Nothing was changed.");
                throw CicdException.project(message.toString());
            }
            if (!now.isBefore(nextReport)) {
                long left = Duration.between(now, deadline).toSeconds();
                log.info(String.format(
                        Locale.ROOT,
                        "[c] waiting for an approval, %d:%02d left; an approver runs: %s",
                        left / 60,
                        left % 60,
                        command));
                nextReport = now.plusSeconds(10);
            }
            sleep(poll);
        }
    }

    private Optional<String> rejection(
            Approval approval, String digest, String environment, Evidence evidence, Request request) {
        if (!approval.imageDigest().equals(digest)) {
            return Optional.of("approves digest " + approval.imageDigest() + ", another image than " + digest);
        }
        if (!approval.environment().equals(environment)) {
            return Optional.of("approves environment " + approval.environment());
        }
        if (!approval.chartVersion().equals(request.version().chartVersion())) {
            return Optional.of("approves chart version " + approval.chartVersion());
        }
        if (approval.isExpired(clock.instant())) {
            return Optional.of("expired at " + approval.expiresAt());
        }
        if (request.rules().fourEyes() && Authors.isAuthor(approval.approver(), evidence.authors())) {
            return Optional.of("the approver is an author of the release (four-eyes rule)");
        }
        return Optional.empty();
    }

    /** d. The image into the production repository, digest kept, evidence along. */
    private String stepCopy(Request request, String digest) {
        ImageCopier copier = new ImageCopier(log);
        long start = System.nanoTime();
        ImageCopier.Copied copied = copier.copy(
                request.tested().registry(),
                request.tested().repository(),
                digest,
                request.production().registry(),
                request.production().repository(),
                request.version().imageTag());
        int evidence = EvidenceStore.copy(
                request.tested().registry(),
                request.tested().repository(),
                request.production().registry(),
                request.production().repository(),
                digest,
                copier);
        String image = request.production().registry().host() + "/"
                + request.production().repository() + "@" + digest;
        log.info(String.format(
                Locale.ROOT,
                "[d] copied to %s:%s (%s): %d blobs, %d mounted, %d streamed (%.1f MB), %d already there;"
                        + " %d evidence artifact(s); digest read back and equal (%.1f s)",
                request.production().registry().host() + "/"
                        + request.production().repository(),
                request.version().imageTag(),
                digest,
                copied.blobs(),
                copied.mounted(),
                copied.streamed(),
                copied.bytesStreamed() / 1e6,
                copied.present(),
                evidence,
                (System.nanoTime() - start) / 1e9));
        return image;
    }

    /** e. The production release upgraded to that image, with the change cause naming the approver. */
    private Deployer.Result stepDeploy(
            Request request,
            KubernetesClient prodClient,
            String digest,
            Evidence evidence,
            Approval approval,
            String productionImage) {
        String namespace = request.production().cluster().environment().namespace();
        Optional<StoredRelease> current = new HelmReleaseStore(prodClient, namespace)
                .latest(request.production().release());
        if (current.isPresent()
                && "deployed".equals(current.get().status())
                && current.get().images().contains(productionImage)
                && new RolloutWatcher(prodClient, namespace, log, poll)
                        .current(request.production().release())
                        .succeeded()) {
            log.info("[e] production already runs " + productionImage + " (revision "
                    + current.get().revision() + "); nothing to do");
            return new Deployer.Result(
                    request.production().cluster().environment().name(),
                    namespace,
                    request.production().release(),
                    current.get().revision(),
                    "unchanged",
                    productionImage,
                    current.get().changeCause());
        }
        Path chart = fetchChart(request, evidence);
        String reason = "Promote " + request.version().imageTag() + " approved by " + approval.approver();
        log.info("[e] helm upgrade --install " + request.production().release() + " in "
                + request.production().cluster().describe() + ": " + productionImage + ", change cause \"" + reason
                + "\"");
        PipelineValues values = new PipelineValues(
                request.production().registry().host() + "/"
                        + request.production().repository(),
                request.version().imageTag(),
                digest,
                reason);
        return new Deployer(request.production().cluster(), prodClient, workDirectory, log, poll)
                .deploy(new Deployer.Request(
                        request.production().release(),
                        chart,
                        request.production().valuesFiles(),
                        values,
                        request.rules().rolloutTimeout(),
                        true));
    }

    /** The chart the release build pushed, checked against the digest its evidence recorded. */
    private Path fetchChart(Request request, Evidence evidence) {
        if (evidence.chart() == null) {
            throw CicdException.project("[e] the evidence records no chart for " + evidence.imageDigest());
        }
        String repository = (request.tested().chartRepository().isBlank()
                        ? ""
                        : request.tested().chartRepository() + "/")
                + evidence.chart().name();
        RegistryManifest manifest = request.tested()
                .registry()
                .manifest(repository, evidence.chart().version().replace('+', '_'));
        Descriptor layer = manifest.children().stream()
                .filter(l -> ChartPusher.CHART_LAYER.equals(l.mediaType()))
                .findFirst()
                .orElseThrow(() -> CicdException.project(
                        "[e] " + repository + ":" + evidence.chart().version() + " is not a Helm chart"));
        if (evidence.chart().archiveDigest() != null
                && !evidence.chart().archiveDigest().equals(layer.digest())) {
            throw CicdException.project(
                    "[e] the chart " + repository + ":" + evidence.chart().version() + " in the registry ("
                            + layer.digest() + ") is not the one the release build recorded ("
                            + evidence.chart().archiveDigest() + ")");
        }
        Path archive = workDirectory.resolve(
                evidence.chart().name() + "-" + evidence.chart().version() + ".tgz");
        try (InputStream in = request.tested().registry().blob(repository, layer.digest())) {
            Files.createDirectories(archive.getParent());
            Files.copy(in, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            if (!RegistryClient.sha256(Files.readAllBytes(archive)).equals(layer.digest())) {
                throw CicdException.environment("[e] the chart downloaded from "
                        + request.tested().registry().host() + " does not match its digest");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return archive;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CicdException.environment("interrupted while waiting for an approval", e);
        }
    }
}
