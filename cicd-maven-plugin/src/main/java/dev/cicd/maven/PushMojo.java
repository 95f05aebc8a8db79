package dev.cicd.maven;

import dev.cicd.chart.ChartDescription;
import dev.cicd.chart.ChartPusher;
import dev.cicd.chart.ChartRecord;
import dev.cicd.common.CicdException;
import dev.cicd.common.Json;
import dev.cicd.context.PipelineContext;
import dev.cicd.context.Step;
import dev.cicd.docker.DockerEngine;
import dev.cicd.docker.ImagePusher;
import dev.cicd.docker.ImageReference;
import dev.cicd.docker.PipelineImages;
import dev.cicd.promote.Evidence;
import dev.cicd.promote.EvidenceBuilder;
import dev.cicd.promote.EvidenceStore;
import dev.cicd.registry.Descriptor;
import dev.cicd.registry.PushRecord;
import dev.cicd.registry.RegistryClient;
import dev.cicd.registry.credentials.ResolvedCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Pushes the runtime image (through the Docker engine) and the packaged chart (with Helm, to
 * {@code oci://<registry>/<chartRepository>}) to the registry, and records the digests the registry
 * reports in {@code target/cicd/push.json}. Versions are immutable: the same image or chart again is
 * left alone (a re-run of a release build is safe), another one under an existing version is refused.
 *
 * <p>Credentials, first found wins: the {@code <server>} in settings.xml whose id is the registry host
 * (password decrypted as Maven does), Docker's config.json ({@code credHelpers}, {@code credsStore},
 * {@code auths}), then {@code CICD_REGISTRY_USERNAME} / {@code CICD_REGISTRY_PASSWORD}.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractRegistryMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.push.skip", defaultValue = "false")
    private boolean skip;

    /** The repository path for charts in the registry: charts go to {@code oci://<registry>/<chartRepository>/<chart>}. */
    @Parameter(property = "cicd.chartRepository", defaultValue = "charts")
    private String chartRepository;

    /** Replaces an image or chart that already exists under this version with other content. */
    @Parameter(property = "cicd.allowOverwrite", defaultValue = "false")
    private boolean allowOverwrite;

    @Inject
    public PushMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.push.skip=true" : null;
    }

    @Override
    protected void run() {
        PipelineContext context = pipelineContext();
        if (!context.runs(Step.PUSH)) {
            getLog().info("nothing pushed: " + context.whyNot(Step.PUSH).orElseThrow());
            return;
        }
        if (context.registry().isEmpty()) {
            throw CicdException.project("cicd.registry is empty, so there is nowhere to push " + context.image()
                    + "; set <cicd.registry> in the POM or -Dcicd.registry=<host[:port]>");
        }
        String host = context.registry();
        ResolvedCredentials credentials = registryCredentials(host);
        RegistryClient registry = registryClient("pushing to", host, credentials, registryCa);

        ImageReference image = PipelineImages.runtimeImage(context);
        ImagePusher.Pushed pushedImage;
        try (DockerEngine engine = DockerEngine.connect()) {
            pushedImage = new ImagePusher(engine, registry, credentials, buildLog()).push(image, allowOverwrite);
        }

        String chartReference = null;
        String chartDigest = null;
        Path chartRecord = output("chart.json");
        if (Files.isRegularFile(chartRecord)) {
            ChartRecord chart = Json.read(chartRecord, ChartRecord.class);
            Path archive = Path.of(chart.archive());
            ChartPusher.PushedChart pushedChart = new ChartPusher(
                            registry,
                            credentials,
                            registryCa == null ? null : registryCa.toPath(),
                            System.getenv(),
                            buildLog())
                    .push(
                            archive,
                            new ChartDescription(
                                    chart.name(), chart.version(), chart.appVersion(), java.util.List.of()),
                            chartRepository,
                            allowOverwrite);
            chartReference = pushedChart.reference();
            chartDigest = pushedChart.digest();
        } else {
            getLog().info("no chart pushed: cicd:chart did not package one in this build (" + chartRecord
                    + " is missing)");
        }
        PushRecord record =
                new PushRecord(pushedImage.reference().toString(), pushedImage.digest(), chartReference, chartDigest);
        Json.write(output("push.json"), record);

        Evidence evidence = EvidenceBuilder.build(
                context,
                outputDirectory.toPath(),
                record,
                System.getenv(),
                project.getBasedir().toPath(),
                Clock.systemUTC());
        Descriptor subject =
                registry.head(image.repository(), pushedImage.digest()).orElseThrow();
        String evidenceDigest = new EvidenceStore(registry).attach(image.repository(), subject, evidence);
        Json.write(output("evidence.json"), evidence);
        getLog().info("release evidence attached to " + pushedImage.digest() + " as " + evidenceDigest + " (tests "
                + (evidence.tests() == null ? "not run" : evidence.tests().status()) + ", policy "
                + (evidence.policy() == null ? "not checked" : evidence.policy().passed() ? "passed" : "failed") + ")");
        getLog().info("image " + pushedImage.reference().name() + "@" + pushedImage.digest()
                + (chartReference == null ? "" : ", chart " + chartReference + "@" + chartDigest));
    }
}
