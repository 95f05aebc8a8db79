package dev.cicd.maven;

import dev.cicd.common.CicdException;
import dev.cicd.common.Json;
import dev.cicd.context.PipelineContext;
import dev.cicd.context.Stage;
import dev.cicd.context.Step;
import dev.cicd.docker.DockerEngine;
import dev.cicd.docker.ImageRecord;
import dev.cicd.docker.ImageReference;
import dev.cicd.docker.PipelineImages;
import dev.cicd.promote.Evidence;
import dev.cicd.scan.ImageScanner;
import dev.cicd.scan.ScanReports;
import dev.cicd.scan.ScanResult;
import dev.cicd.scan.ScanWaivers;
import dev.cicd.scan.inventory.Sboms;
import dev.cicd.scan.osv.OsvDatabase;
import dev.cicd.scan.osv.Severity;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Scans the runtime image for known vulnerabilities, offline: the packages are read from the image
 * itself (Debian/Ubuntu and Alpine packages, Java archives, npm and Python packages), matched against
 * OSV advisories on disk ({@code cicd:advisories} fetches them), and every finding is reported:
 * a table in the log, SARIF, JUnit XML, CycloneDX (SBOM and vulnerabilities) and JSON under
 * {@code target/cicd/scan/}. Findings at or above the stage's threshold, not waived in
 * {@code scan-waivers.yaml}, fail the build in {@code cicd:verify}.
 *
 * <p>Default thresholds: {@code CRITICAL} for pull requests and the trunk, {@code HIGH} for
 * releases. A pull request should not turn red because a HIGH advisory was published overnight
 * for a package it did not touch; a release must not ship one.
 */
@Mojo(name = "scan", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ScanMojo extends AbstractPipelineMojo {

    private static final long STALE_AFTER_DAYS = 7;

    /** Skips this goal. */
    @Parameter(property = "cicd.scan.skip", defaultValue = "false")
    private boolean skip;

    /** OSV advisories: directories of *.json and/or osv.dev's per-ecosystem zip archives (comma-separated). */
    @Parameter(property = "cicd.advisories", defaultValue = "${user.home}/.cache/cicd/osv")
    private String advisories;

    /** The gate for every stage: CRITICAL, HIGH, MEDIUM, LOW, or none (report only); overrides the per-stage defaults. */
    @Parameter(property = "cicd.scanThreshold")
    private String scanThreshold;

    /** Gates per stage, e.g. {@code <scanThresholds><pr>HIGH</pr></scanThresholds>}. */
    @Parameter
    private Map<String, String> scanThresholds;

    /** Accepted vulnerabilities, each with a reason and an expiry date. */
    @Parameter(property = "cicd.scanWaivers", defaultValue = "${project.basedir}/scan-waivers.yaml")
    private File scanWaivers;

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.scan.skip=true" : null;
    }

    @Override
    protected void run() {
        PipelineContext context = pipelineContext();
        if (!context.runs(Step.SCAN)) {
            getLog().info("image not scanned: " + context.whyNot(Step.SCAN).orElseThrow());
            return;
        }
        ImageReference image = PipelineImages.runtimeImage(context);
        Path images = output("images.json");
        if (Files.isRegularFile(images)) {
            ImageRecord record = Json.read(images, ImageRecord.class);
            if (record.runtimeImage() != null) {
                image = ImageReference.parse(record.runtimeImage().reference());
            }
        }
        List<Path> sources = Arrays.stream(advisories.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Path::of)
                .toList();
        if (sources.stream().noneMatch(Files::exists)) {
            throw CicdException.project(
                    "no vulnerability data at " + advisories + ": run mvn cicd:advisories to download the OSV"
                            + " archives, or point -Dcicd.advisories at OSV files");
        }
        OsvDatabase database =
                OsvDatabase.load(sources.stream().filter(Files::exists).toList(), buildLog());
        warnWhenStale(sources);
        Severity threshold = threshold(context.stageValue());
        List<ScanWaivers.Waiver> waivers = ScanWaivers.read(scanWaivers.toPath());
        getLog().info("scanning " + image + " against " + database.size() + " advisories (" + advisories + "), gate "
                + (threshold == null ? "report only" : threshold + " and above"));
        ImageScanner.Scan scan;
        try (DockerEngine engine = DockerEngine.connect()) {
            scan = new ImageScanner(buildLog())
                    .scan(
                            engine,
                            image,
                            new ImageScanner.Settings(
                                    database,
                                    threshold,
                                    waivers,
                                    LocalDate.now(ZoneOffset.UTC),
                                    output("scan", "work")));
        }
        ScanResult result = scan.result();
        ScanReports.write(output("scan"), result, Sboms.cycloneDx(scan.inventory(), image.toString(), null));
        Json.write(
                output("scan", "gate.json"),
                new Evidence.Scan(
                        result.passed(),
                        threshold == null ? "none" : threshold.name(),
                        result.findings().size(),
                        result.blocking().size()));
        for (String line : ScanReports.table(result)) {
            if (result.passed()) {
                getLog().info(line);
            } else {
                getLog().warn(line);
            }
        }
        getLog().info("reports: " + output("scan") + " (SBOM, vulnerabilities, SARIF, JUnit, JSON)");
    }

    /** A scan against old advisories passes images that are known to be vulnerable: say so. */
    private void warnWhenStale(List<Path> sources) {
        Instant newest = Instant.EPOCH;
        for (Path source : sources) {
            try (Stream<Path> files = Files.walk(source, 2)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Instant modified = Files.getLastModifiedTime(file).toInstant();
                    newest = modified.isAfter(newest) ? modified : newest;
                }
            } catch (IOException | UncheckedIOException e) {
                getLog().debug("could not date " + source + ": " + e.getMessage());
            }
        }
        long days = Duration.between(newest, Instant.now()).toDays();
        if (days >= STALE_AFTER_DAYS) {
            getLog().warn("the advisories were last updated " + days
                    + " days ago: run mvn cicd:advisories (or refresh the CI cache)"
                    + " so that newly published vulnerabilities are found");
        }
    }

    /** -Dcicd.scanThreshold, else {@code <scanThresholds>} for the stage, else the defaults. */
    private Severity threshold(Stage stage) {
        String configured = scanThreshold;
        if (configured == null && scanThresholds != null) {
            configured = scanThresholds.get(stage.id());
        }
        if (configured == null) {
            return stage == Stage.RELEASE ? Severity.HIGH : Severity.CRITICAL;
        }
        if (configured.isBlank() || configured.trim().equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return Severity.valueOf(configured.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CicdException.project(
                    "scan threshold '" + configured + "' is not one of CRITICAL, HIGH, MEDIUM, LOW, none");
        }
    }
}
