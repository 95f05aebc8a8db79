package dev.cicd.release;

import dev.cicd.common.BuildLog;
import dev.cicd.context.PipelineContext;
import dev.cicd.docker.DockerEngine;
import dev.cicd.docker.ImageRecord;
import dev.cicd.docker.ImageReference;
import dev.cicd.docker.PipelineImages;
import dev.cicd.promote.Evidence;
import dev.cicd.records.BuildRecords;
import dev.cicd.scan.ImageScanner;
import dev.cicd.scan.ScanPolicy;
import dev.cicd.scan.ScanReports;
import dev.cicd.scan.ScanResult;
import dev.cicd.scan.ScanWaivers;
import dev.cicd.scan.inventory.Sboms;
import dev.cicd.scan.osv.OsvDatabase;
import dev.cicd.scan.osv.Severity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The scan step: the runtime image this build made, matched offline against OSV advisories, every
 * finding reported (SBOM, SARIF, JUnit, JSON) and the gate's verdict recorded for verify and for the
 * release evidence. Writes the scan reports, {@link BuildRecords#SCAN_RESULT} and
 * {@link BuildRecords#SCAN_GATE}.
 */
public final class ScanStep {

    /**
     * @param context the build's context
     * @param advisories the advisory locations, comma-separated
     * @param threshold the gate for every stage; null for the per-stage gates
     * @param thresholds gates per stage id
     * @param waiversFile the accepted vulnerabilities ({@code scan-waivers.yaml})
     */
    public record Request(
            PipelineContext context,
            String advisories,
            String threshold,
            Map<String, String> thresholds,
            Path waiversFile) {}

    private final BuildRecords records;
    private final Clock clock;
    private final BuildLog log;

    public ScanStep(BuildRecords records, Clock clock, BuildLog log) {
        this.records = records;
        this.clock = clock;
        this.log = log;
    }

    public ScanResult run(Request request, DockerEngine engine) {
        // The image this build made; an images record of an earlier build of another version is not it.
        ImageReference expected = PipelineImages.runtimeImage(request.context());
        ImageReference image = records.read(BuildRecords.IMAGES)
                .map(ImageRecord::runtimeImage)
                .map(built -> ImageReference.parse(built.reference()))
                .filter(built -> expected.tag().equals(built.tag()))
                .orElse(expected);
        List<Path> sources = ScanPolicy.advisorySources(request.advisories());
        OsvDatabase database = OsvDatabase.load(sources, log);
        ScanPolicy.warnWhenStale(sources, clock.instant(), log);
        Severity threshold = ScanPolicy.threshold(request.context().stage(), request.threshold(), request.thresholds());
        List<ScanWaivers.Waiver> waivers = ScanWaivers.read(request.waiversFile());
        log.info("scanning " + image + " against " + database.size() + " advisories (" + request.advisories()
                + "), gate " + (threshold == null ? "report only" : threshold + " and above"));
        ImageScanner.Scan scan = new ImageScanner(log)
                .scan(
                        engine,
                        image,
                        new ImageScanner.Settings(
                                database,
                                threshold,
                                waivers,
                                LocalDate.now(clock.withZone(ZoneOffset.UTC)),
                                records.scanWork()));
        ScanResult result = scan.result();
        ScanReports.write(records.scanReports(), result, Sboms.cycloneDx(scan.inventory(), image.toString(), null));
        records.write(
                BuildRecords.SCAN_GATE,
                new Evidence.Scan(
                        result.passed(),
                        threshold == null ? "none" : threshold.name(),
                        result.findings().size(),
                        result.blocking().size()));
        log.report(result.passed(), ScanReports.table(result));
        log.info(
                "reports: " + records.path(BuildRecords.SCAN_REPORTS) + " (SBOM, vulnerabilities, SARIF, JUnit, JSON)");
        return result;
    }
}
