package dev.cicd.scan.osv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 2,000 packages against 50,000 advisories completes; how fast is for the benchmark, not asserted here. */
class MatcherScaleTest {

    @Test
    void twoThousandPackagesAgainstFiftyThousandAdvisories(@TempDir Path tmp) throws IOException {
        Path zip = SyntheticAdvisories.writeArchive(tmp.resolve("all.zip"), 50_000, 42);
        RecordingLog log = new RecordingLog();
        OsvDatabase db = OsvDatabase.load(List.of(zip), log);
        assertThat(db.size()).isEqualTo(50_000);
        assertThat(log.warnings).isEmpty();

        List<InstalledPackage> packages = SyntheticAdvisories.packages(2_000, 50_000, 7);
        List<Finding> findings = Matcher.matchAll(packages, db);

        assertThat(findings).isNotEmpty();
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.advisoryId()).startsWith("SYN-");
        });
        assertThat(findings)
                .filteredOn(f -> f.pkg().ecosystem().startsWith("Debian"))
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.fixedVersions())
                        .allSatisfy(v -> assertThat(v).endsWith("-1")));
    }
}
