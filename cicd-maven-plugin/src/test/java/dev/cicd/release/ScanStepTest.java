package dev.cicd.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.context.PipelineContext;
import dev.cicd.docker.DockerEngine;
import dev.cicd.docker.ImageRecord;
import dev.cicd.promote.Evidence;
import dev.cicd.records.BuildRecords;
import dev.cicd.scan.ScanResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan step against the real Docker engine and the OSV fixtures of the advisory tests. */
class ScanStepTest {

    private static final String ADVISORIES =
            Path.of("src/test/resources/osv").toAbsolutePath().toString();

    @TempDir
    Path work;

    private DockerEngine engine;
    private BuildRecords records;
    private PipelineContext context;

    @BeforeEach
    void start() throws Exception {
        engine = DockerEngine.connect();
        records = BuildRecords.in(work.resolve("target/cicd"));
        context = LocalRelease.releaseContext(LocalRelease.repository("scan"), "v1.0.2");
        LocalRelease.tagRuntimeImage(engine, context, "scan");
    }

    @AfterEach
    void stop() {
        engine.client().removeImageCmd(context.image()).withForce(true).exec();
        engine.close();
    }

    private ScanStep.Request request(String advisories) {
        return new ScanStep.Request(context, advisories, null, Map.of(), work.resolve("scan-waivers.yaml"));
    }

    @Test
    void scansThisBuildsImageAndRecordsResultAndGate() {
        ScanResult result =
                new ScanStep(records, Clock.systemUTC(), BuildLog.silent()).run(request(ADVISORIES), engine);

        assertThat(result.image()).isEqualTo(context.image());
        assertThat(records.read(BuildRecords.SCAN_RESULT)).contains(result);
        assertThat(records.read(BuildRecords.SCAN_GATE))
                .contains(new Evidence.Scan(true, "HIGH", result.findings().size(), 0));
        assertThat(records.scanReports().sbom()).exists();
        assertThat(records.scanReports().sarif()).exists();
    }

    @Test
    void anImagesRecordOfAnotherVersionIsNotWhatIsScanned() {
        records.write(
                BuildRecords.IMAGES,
                new ImageRecord(null, new ImageRecord.Image(context.registry() + "/old:v1.0.1", "final", "sha256:1")));

        ScanResult result =
                new ScanStep(records, Clock.systemUTC(), BuildLog.silent()).run(request(ADVISORIES), engine);

        assertThat(result.image()).isEqualTo(context.image());
    }

    @Test
    void withoutAdvisoriesItSaysHowToGetThem() {
        assertThatThrownBy(() -> new ScanStep(records, Clock.systemUTC(), BuildLog.silent())
                        .run(request(work.resolve("none").toString()), engine))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("run mvn cicd:advisories");
        assertThat(Files.exists(records.path(BuildRecords.SCAN_RESULT))).isFalse();
    }
}
