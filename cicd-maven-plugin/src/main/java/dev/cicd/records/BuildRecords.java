package dev.cicd.records;

import dev.cicd.chart.ChartRecord;
import dev.cicd.chart.policy.PolicyReport;
import dev.cicd.common.Json;
import dev.cicd.context.PipelineContext;
import dev.cicd.context.Plan;
import dev.cicd.docker.ImageRecord;
import dev.cicd.kube.Deployer;
import dev.cicd.kube.ReleaseHistory;
import dev.cicd.promote.Evidence;
import dev.cicd.promote.Promoter;
import dev.cicd.registry.PushRecord;
import dev.cicd.scan.ScanReports;
import dev.cicd.scan.ScanResult;
import dev.cicd.testresults.TestSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The files the goals leave under {@code target/cicd/}: the contract between goals (one writes a
 * record, later goals read it), and what CI systems and people read. This class is the only place
 * that names them; every goal and service reads and writes them through it, typed. Like Failsafe's
 * summary file, each record has one writer. docs/configuration.md lists them from {@link #ALL}.
 */
public final class BuildRecords {

    /** A JSON record: its path under {@code target/cicd/}, its type, its writer and what it holds. */
    public record Record<T>(String path, Class<T> type, String writtenBy, String content) implements Listed {}

    /** A JSON record per environment, e.g. {@code deploy-qa.json}. */
    public record PerEnvironment<T>(String prefix, Class<T> type, String writtenBy, String content) implements Listed {
        public Record<T> of(String environment) {
            return new Record<>(prefix + environment + ".json", type, writtenBy, content);
        }

        @Override
        public String path() {
            return prefix + "<env>.json";
        }
    }

    /** A directory one step owns: the step lays out what is inside. */
    public record Directory(String path, String writtenBy, String content) implements Listed {}

    /** What the documentation lists of each entry. */
    public sealed interface Listed permits Record, PerEnvironment, Directory {
        String path();

        String writtenBy();

        String content();
    }

    public static final Record<PipelineContext.Written> CONTEXT =
            new Record<>("context.json", PipelineContext.Written.class, "context", "the pipeline context");
    public static final Record<ImageRecord> IMAGES =
            new Record<>("images.json", ImageRecord.class, "build", "references and ids of the images built");
    public static final Directory TEST_OUTPUT =
            new Directory("test-output/", "test", "what the test container wrote (the mounted directory)");
    public static final Directory TEST_RESULTS =
            new Directory("test-results/", "test", "Surefire-style JUnit XML, `TEST-*.xml`");
    public static final Record<TestSummary> TEST_SUMMARY = new Record<>(
            "test-summary.json", TestSummary.class, "test", "counts, failing tests, verdict; read by verify and push");
    public static final Directory CHART_WORK = new Directory(
            "chart/",
            "chart",
            "`rendered/<env>.yaml` (the manifests per environment), `values/`, `<name>-<version>.tgz` (the package)");
    public static final Record<ChartRecord> CHART = new Record<>(
            "chart.json",
            ChartRecord.class,
            "chart",
            "the packaged chart, its digest and the rendered manifests; read by push and deploy");
    public static final Record<PolicyReport> POLICY = new Record<>(
            "policy.json",
            PolicyReport.class,
            "chart",
            "policy violations, waived ones, unused waivers; read by verify and push");
    public static final Directory SCAN_REPORTS = new Directory(
            "scan/",
            "scan",
            "`sbom.cdx.json` (CycloneDX SBOM), `vulnerabilities.cdx.json`, `results.sarif`, `junit/`, `work/`");
    public static final Record<ScanResult> SCAN_RESULT = new Record<>(
            "scan/scan-result.json", ScanResult.class, "scan", "every finding, waivers, the gate; read by verify");
    public static final Record<Evidence.Scan> SCAN_GATE = new Record<>(
            "scan/gate.json", Evidence.Scan.class, "scan", "the scan gate's verdict; read by push for the evidence");
    public static final Record<PushRecord> PUSH = new Record<>(
            "push.json",
            PushRecord.class,
            "push",
            "image and chart references with the digests the registry reports; read by chart and deploy");
    public static final Record<Evidence> EVIDENCE =
            new Record<>("evidence.json", Evidence.class, "push", "the release evidence attached to the image");
    public static final Directory DEPLOY_WORK =
            new Directory("deploy/", "deploy, rollback, undeploy", "Helm's working files");
    public static final PerEnvironment<Deployer.Result> DEPLOY =
            new PerEnvironment<>("deploy-", Deployer.Result.class, "deploy", "the release, revision and rollout");
    public static final PerEnvironment<Deployer.Result> ROLLBACK =
            new PerEnvironment<>("rollback-", Deployer.Result.class, "rollback", "the revision returned to");
    public static final PerEnvironment<ReleaseHistory.View[]> HISTORY =
            new PerEnvironment<>("history-", ReleaseHistory.View[].class, "history", "the releases' revisions");
    public static final Directory PROMOTE_WORK =
            new Directory("promote/", "promote", "the chart fetched from the registry, Helm's working files");
    public static final Record<Promoter.Result> PROMOTE =
            new Record<>("promote.json", Promoter.Result.class, "promote", "what the promotion did");
    public static final Record<Plan> PLAN =
            new Record<>("plan.json", Plan.class, "plan", "per service: stage, version, steps, why; a CI matrix");

    /** Every entry, in the order the pipeline writes them. */
    public static final List<Listed> ALL = List.of(
            CONTEXT,
            IMAGES,
            TEST_OUTPUT,
            TEST_RESULTS,
            TEST_SUMMARY,
            CHART_WORK,
            CHART,
            POLICY,
            SCAN_REPORTS,
            SCAN_RESULT,
            SCAN_GATE,
            PUSH,
            EVIDENCE,
            DEPLOY_WORK,
            DEPLOY,
            ROLLBACK,
            HISTORY,
            PROMOTE_WORK,
            PROMOTE,
            PLAN);

    private final Path directory;

    private BuildRecords(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** The records of one module: {@code directory} is its {@code target/cicd}. */
    public static BuildRecords in(Path directory) {
        return new BuildRecords(directory);
    }

    public Path directory() {
        return directory;
    }

    public Path path(Listed entry) {
        return directory.resolve(entry.path());
    }

    public <T> void write(Record<T> record, T value) {
        Json.write(path(record), value);
    }

    /** The record, when a goal of this or an earlier build wrote it. */
    public <T> Optional<T> read(Record<T> record) {
        Path file = path(record);
        return Files.isRegularFile(file) ? Optional.of(Json.read(file, record.type())) : Optional.empty();
    }

    public boolean exists(Record<?> record) {
        return Files.isRegularFile(path(record));
    }

    /** Where the scan writes its reports. */
    public ScanReports.ReportFiles scanReports() {
        Path scan = path(SCAN_REPORTS);
        return new ScanReports.ReportFiles(
                scan.resolve("sbom.cdx.json"),
                scan.resolve("vulnerabilities.cdx.json"),
                scan.resolve("results.sarif"),
                scan.resolve("junit"),
                path(SCAN_RESULT));
    }

    /** The scan's scratch directory (the image's layers while they are read). */
    public Path scanWork() {
        return path(SCAN_REPORTS).resolve("work");
    }
}
