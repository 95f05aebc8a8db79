package dev.cicd.promote;

import dev.cicd.chart.ChartRecord;
import dev.cicd.chart.policy.PolicyReport;
import dev.cicd.common.Json;
import dev.cicd.context.GitCheckout;
import dev.cicd.context.PipelineContext;
import dev.cicd.registry.PushRecord;
import dev.cicd.testresults.TestSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Gathers what a release build passed from the files its goals left under {@code target/cicd/}. */
public final class EvidenceBuilder {

    /** CI variables naming who started the build, per system. */
    private static final List<String> CI_USER_VARIABLES = List.of(
            "GITHUB_ACTOR",
            "BUILD_REQUESTEDFOREMAIL",
            "BUILD_REQUESTEDFOR",
            "GITLAB_USER_LOGIN",
            "GITLAB_USER_EMAIL",
            "CHANGE_AUTHOR",
            "CHANGE_AUTHOR_EMAIL",
            "BUILD_USER_ID",
            "BUILD_USER_EMAIL");

    private EvidenceBuilder() {}

    public static Evidence build(
            PipelineContext context,
            Path cicd,
            PushRecord pushed,
            Map<String, String> env,
            Path projectDirectory,
            Clock clock) {
        Evidence.Tests tests = null;
        Path testSummary = cicd.resolve("test-summary.json");
        if (Files.isRegularFile(testSummary)) {
            TestSummary summary = Json.read(testSummary, TestSummary.class);
            tests = new Evidence.Tests(
                    summary.status().name(), summary.tests(), summary.failures(), summary.errors(), summary.skipped());
        }
        Evidence.Policy policy = null;
        Path policyFile = cicd.resolve("policy.json");
        if (Files.isRegularFile(policyFile)) {
            PolicyReport report = Json.read(policyFile, PolicyReport.class);
            policy = new Evidence.Policy(
                    report.passed(), report.violations().size(), report.waived().size());
        }
        Evidence.Scan scan = null;
        Path scanFile = cicd.resolve("scan").resolve("gate.json");
        if (Files.isRegularFile(scanFile)) {
            scan = Json.read(scanFile, Evidence.Scan.class);
        }
        Evidence.Chart chart = null;
        Path chartFile = cicd.resolve("chart.json");
        if (Files.isRegularFile(chartFile) && pushed.chart() != null) {
            ChartRecord record = Json.read(chartFile, ChartRecord.class);
            chart = new Evidence.Chart(
                    record.name(), record.version(), pushed.chart(), pushed.chartDigest(), record.archiveDigest());
        }
        Set<String> authors = new LinkedHashSet<>();
        GitCheckout.find(projectDirectory).map(GitCheckout::authorEmail).ifPresent(authors::add);
        for (String variable : CI_USER_VARIABLES) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                authors.add(value.trim());
            }
        }
        return new Evidence(
                Evidence.SCHEMA,
                context.service(),
                context.version(),
                pushed.image(),
                pushed.imageDigest(),
                context.revision(),
                context.branch(),
                context.ci(),
                List.copyOf(authors),
                clock.instant().toString(),
                tests,
                policy,
                scan,
                chart);
    }
}
