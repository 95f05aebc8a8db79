package dev.cicd.maven;

import dev.cicd.context.PipelineContext;
import dev.cicd.context.Step;
import dev.cicd.docker.ContainerTests;
import dev.cicd.docker.DockerEngine;
import dev.cicd.docker.PipelineImages;
import dev.cicd.docker.TestContainerRunner;
import dev.cicd.records.BuildRecords;
import dev.cicd.testresults.TestReport;
import dev.cicd.testresults.TestSummary;
import java.time.Duration;
import java.util.Map;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the tests in the test image, as the seed's {@code docker run} with a results volume: no
 * network, the container's output in the build log, every TRX and JUnit XML file converted to
 * Surefire-style JUnit XML under {@code target/cicd/test-results/}, and a summary in
 * {@code target/cicd/test-summary.json}. Like Failsafe's {@code integration-test}, it does not fail
 * the build: {@code cicd:verify} does.
 */
@Mojo(name = "test", defaultPhase = LifecyclePhase.INTEGRATION_TEST, threadSafe = true)
public class TestMojo extends AbstractTestStageMojo {

    /** Where the tests write their results inside the container; a host directory is mounted there. */
    @Parameter(property = "cicd.testResultsPath", defaultValue = "/app/tests/TestResults")
    private String testResultsPath;

    /** The container's network; {@code none} keeps tests from reaching anything outside. */
    @Parameter(property = "cicd.testNetwork", defaultValue = "none")
    private String testNetwork;

    /** How long the tests may run, in seconds. */
    @Parameter(property = "cicd.testTimeout", defaultValue = "1800")
    private int testTimeout;

    /** Environment variables for the test container. */
    @Parameter
    private Map<String, String> testEnvironment;

    @Override
    protected String goalSkipReason() {
        return testSkipReason();
    }

    @Override
    protected void run() {
        PipelineContext context = pipelineContext();
        if (!context.runs(Step.TEST)) {
            getLog().info("tests not run: " + context.whyNot(Step.TEST).orElseThrow());
            return;
        }
        TestContainerRunner.Request request = new TestContainerRunner.Request(
                PipelineImages.testImage(context, testTarget),
                records().path(BuildRecords.TEST_OUTPUT),
                testResultsPath,
                testNetwork,
                testEnvironment == null ? Map.of() : testEnvironment,
                Duration.ofSeconds(testTimeout));
        TestSummary summary;
        try (DockerEngine engine = DockerEngine.connect()) {
            summary = new ContainerTests(engine, buildLog())
                    .run(request, records().path(BuildRecords.TEST_RESULTS));
        }
        records().write(BuildRecords.TEST_SUMMARY, summary);
        for (String line : TestReport.lines(summary)) {
            if (summary.isSuccess()) {
                getLog().info(line);
            } else {
                getLog().warn(line);
            }
        }
        getLog().info("JUnit reports: " + records().path(BuildRecords.TEST_RESULTS) + " ("
                + summary.reports().size() + " files)");
    }
}
