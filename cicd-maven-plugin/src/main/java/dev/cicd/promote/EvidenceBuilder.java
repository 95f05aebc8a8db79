package dev.cicd.promote;

import dev.cicd.chart.ChartRecord;
import dev.cicd.chart.policy.PolicyReport;
import dev.cicd.context.GitCheckout;
import dev.cicd.context.PipelineContext;
import dev.cicd.registry.PushRecord;
import dev.cicd.testresults.TestSummary;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Gathers what a release build passed: its steps' results, the commit, and who made the release. */
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

    /** What the build's steps recorded; null where a step did not run. */
    public record StepResults(TestSummary tests, PolicyReport policy, Evidence.Scan scan, ChartRecord chart) {}

    private EvidenceBuilder() {}

    public static Evidence build(
            PipelineContext context,
            PushRecord pushed,
            StepResults results,
            Map<String, String> env,
            Path projectDirectory,
            Clock clock) {
        return new Evidence(
                Evidence.SCHEMA,
                context.service(),
                context.version().toString(),
                pushed.image(),
                pushed.imageDigest(),
                context.revision(),
                context.branch(),
                context.ci().system().id(),
                authors(env, projectDirectory),
                clock.instant().toString(),
                tests(results.tests()),
                policy(results.policy()),
                results.scan(),
                chart(results.chart(), pushed));
    }

    private static Evidence.Tests tests(TestSummary summary) {
        return summary == null
                ? null
                : new Evidence.Tests(
                        summary.status().name(),
                        summary.tests(),
                        summary.failures(),
                        summary.errors(),
                        summary.skipped());
    }

    private static Evidence.Policy policy(PolicyReport report) {
        return report == null
                ? null
                : new Evidence.Policy(
                        report.passed(),
                        report.violations().size(),
                        report.waived().size());
    }

    private static Evidence.Chart chart(ChartRecord chart, PushRecord pushed) {
        return chart == null || pushed.chart() == null
                ? null
                : new Evidence.Chart(
                        chart.name(), chart.version(), pushed.chart(), pushed.chartDigest(), chart.archiveDigest());
    }

    /** The commit's author and the CI user who started the build: who may not approve it. */
    private static List<String> authors(Map<String, String> env, Path projectDirectory) {
        Set<String> authors = new LinkedHashSet<>();
        GitCheckout.find(projectDirectory).map(GitCheckout::authorEmail).ifPresent(authors::add);
        for (String variable : CI_USER_VARIABLES) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                authors.add(value.trim());
            }
        }
        return List.copyOf(authors);
    }
}
