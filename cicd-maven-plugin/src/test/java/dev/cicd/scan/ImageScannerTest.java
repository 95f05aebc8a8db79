package dev.cicd.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.common.Json;
import dev.cicd.scan.inventory.Inventory;
import dev.cicd.scan.inventory.OsRelease;
import dev.cicd.scan.inventory.Package;
import dev.cicd.scan.inventory.Sboms;
import dev.cicd.scan.osv.OsvDatabase;
import dev.cicd.scan.osv.Severity;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gate, waivers and reports over a known inventory and the real advisories in src/test/resources/osv. */
class ImageScannerTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

    @TempDir
    Path temp;

    private final OsvDatabase database = OsvDatabase.load(List.of(fixtures()), BuildLog.silent());

    private static final Package LOG4J = new Package(
            Package.MAVEN,
            "org.apache.logging.log4j:log4j-core",
            "2.14.1",
            null,
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
            "/app/lib/log4j-core-2.14.1.jar",
            "Maven");
    private static final Package LIBC = new Package(
            Package.DEB,
            "libc6",
            "2.36-9+deb12u1",
            "glibc",
            "pkg:deb/debian/libc6@2.36-9%2Bdeb12u1?arch=amd64&distro=debian-12&upstream=glibc",
            "/var/lib/dpkg/status",
            "Debian:12");
    private static final Package FIXED_LIBC = new Package(
            Package.DEB,
            "libc6",
            "2.36-9+deb12u3",
            "glibc",
            "pkg:deb/debian/libc6@2.36-9%2Bdeb12u3?arch=amd64&distro=debian-12&upstream=glibc",
            "/var/lib/dpkg/status",
            "Debian:12");

    @Test
    void aCriticalLibraryBlocksAndNamesTheAdvisoryAndTheFix() {
        ScanResult result = evaluate(List.of(LOG4J, FIXED_LIBC), Severity.CRITICAL, List.of());

        assertThat(result.passed()).isFalse();
        assertThat(result.findings()).singleElement().satisfies(row -> {
            assertThat(row.advisory()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
            assertThat(row.aliases()).contains("CVE-2021-44228");
            assertThat(row.installed()).isEqualTo("2.14.1");
            assertThat(row.fixedIn()).contains("2.15.0");
            assertThat(row.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(row.blocking()).isTrue();
        });
        assertThat(ScanReports.table(result))
                .anySatisfy(line -> assertThat(line)
                        .contains(
                                "org.apache.logging.log4j:log4j-core",
                                "2.14.1",
                                "2.15.0",
                                "GHSA-jfh8-c2jp-5v3q",
                                "BLOCKS"));
    }

    @Test
    void aDebianPackageIsMatchedThroughItsSourcePackage() {
        ScanResult result = evaluate(List.of(LIBC), Severity.CRITICAL, List.of());

        assertThat(result.findings()).singleElement().satisfies(row -> {
            assertThat(row.advisory()).isEqualTo("DSA-5514-1");
            assertThat(row.packageName()).isEqualTo("libc6");
            assertThat(row.fixedIn()).containsExactly("2.36-9+deb12u3");
        });
        assertThat(evaluate(List.of(FIXED_LIBC), Severity.CRITICAL, List.of()).findings())
                .isEmpty();
    }

    @Test
    void findingsBelowTheThresholdAreReportedWithoutBlocking() {
        ScanResult reportOnly = evaluate(List.of(LOG4J, LIBC), null, List.of());

        assertThat(reportOnly.findings()).hasSize(2);
        assertThat(reportOnly.passed()).isTrue();
        assertThat(ScanReports.table(reportOnly).get(0)).contains("gate: report only");
        // The DSA carries no severity: UNKNOWN never reaches a threshold.
        assertThat(evaluate(List.of(LIBC), Severity.LOW, List.of()).passed()).isTrue();
    }

    @Test
    void aWaiverAcceptsTheFindingByAliasAndIsListed() {
        ScanWaivers.Waiver waiver = new ScanWaivers.Waiver(
                "CVE-2021-44228",
                "org.apache.logging.log4j:log4j-core",
                "JNDI lookups disabled by log4j2.formatMsgNoLookups",
                LocalDate.of(2026, 12, 31));

        ScanResult result = evaluate(List.of(LOG4J), Severity.CRITICAL, List.of(waiver));

        assertThat(result.passed()).isTrue();
        assertThat(result.findings())
                .singleElement()
                .satisfies(row -> assertThat(row.waiver()).isEqualTo(waiver));
        assertThat(ScanReports.table(result))
                .anySatisfy(line -> assertThat(line)
                        .contains("waiver applied: CVE-2021-44228", "until 2026-12-31", "formatMsgNoLookups"));
    }

    @Test
    void anExpiredWaiverNoLongerApplies() {
        ScanWaivers.Waiver expired =
                new ScanWaivers.Waiver("GHSA-jfh8-c2jp-5v3q", null, "patched in place", LocalDate.of(2026, 11, 25));

        ScanResult result = evaluate(List.of(LOG4J), Severity.CRITICAL, List.of(expired));

        assertThat(result.passed()).isFalse();
        assertThat(result.expiredWaivers()).containsExactly(expired);
        assertThat(ScanReports.table(result))
                .anySatisfy(line -> assertThat(line).contains("waiver EXPIRED", "2026-11-25"));
        // Its last day still counts.
        assertThat(evaluate(
                                List.of(LOG4J),
                                Severity.CRITICAL,
                                List.of(new ScanWaivers.Waiver("GHSA-jfh8-c2jp-5v3q", null, "r", TODAY)))
                        .passed())
                .isTrue();
    }

    @Test
    void aWaiverForAnotherPackageDoesNotCoverTheFinding() {
        ScanWaivers.Waiver other =
                new ScanWaivers.Waiver("CVE-2021-44228", "org.example:other", "r", LocalDate.of(2027, 1, 1));

        assertThat(evaluate(List.of(LOG4J), Severity.CRITICAL, List.of(other)).passed())
                .isFalse();
    }

    @Test
    void reportsCarryEveryFindingForMachines() throws Exception {
        ScanWaivers.Waiver waiver =
                new ScanWaivers.Waiver("DSA-5514-1", null, "no setuid binaries in the image", LocalDate.of(2027, 1, 1));
        Inventory inventory = inventory(List.of(LOG4J, LIBC));
        ScanResult result = new ImageScanner(BuildLog.silent())
                .evaluate("registry.test/delivery:1.0.0", inventory, settings(Severity.CRITICAL, List.of(waiver)));

        ScanReports.ReportFiles files = new ScanReports.ReportFiles(
                temp.resolve("sbom.cdx.json"),
                temp.resolve("vulnerabilities.cdx.json"),
                temp.resolve("results.sarif"),
                temp.resolve("junit"),
                temp.resolve("scan-result.json"));
        ScanReports.write(files, result, Sboms.cycloneDx(inventory, "registry.test/delivery:1.0.0", null));

        JsonNode sarif = Json.MAPPER.readTree(temp.resolve("results.sarif").toFile());
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        JsonNode results = sarif.path("runs").path(0).path("results");
        assertThat(results).hasSize(2);
        assertThat(results.findValuesAsText("ruleId")).containsExactlyInAnyOrder("GHSA-jfh8-c2jp-5v3q", "DSA-5514-1");
        assertThat(results.findValuesAsText("level")).containsExactlyInAnyOrder("error", "note");
        assertThat(results.findValues("suppressions")).hasSize(1);

        JsonNode vulnerabilities = Json.MAPPER
                .readTree(temp.resolve("vulnerabilities.cdx.json").toFile())
                .path("vulnerabilities");
        assertThat(vulnerabilities.findValuesAsText("id")).contains("GHSA-jfh8-c2jp-5v3q", "DSA-5514-1");
        assertThat(vulnerabilities.findValues("affects"))
                .allSatisfy(affects -> assertThat(affects).isNotEmpty());

        String junit =
                Files.readString(Files.list(temp.resolve("junit")).findFirst().orElseThrow());
        assertThat(junit).contains("tests=\"2\"", "failures=\"1\"", "skipped=\"1\"", "GHSA-jfh8-c2jp-5v3q");

        ScanResult read = Json.read(temp.resolve("scan-result.json"), ScanResult.class);
        assertThat(read).isEqualTo(result);
    }

    @Test
    void waiversAreReadFromYaml() throws Exception {
        Path file = temp.resolve("scan-waivers.yaml");
        Files.writeString(file, """
                waivers:
                  - id: CVE-2021-44228
                    package: org.apache.logging.log4j:log4j-core
                    reason: JNDI lookups disabled
                    expires: 2026-12-31
                  - id: DSA-5514-1
                    reason: "no setuid binaries"
                    expires: "2027-01-15"
                """);

        assertThat(ScanWaivers.read(file))
                .containsExactly(
                        new ScanWaivers.Waiver(
                                "CVE-2021-44228",
                                "org.apache.logging.log4j:log4j-core",
                                "JNDI lookups disabled",
                                LocalDate.of(2026, 12, 31)),
                        new ScanWaivers.Waiver("DSA-5514-1", null, "no setuid binaries", LocalDate.of(2027, 1, 15)));
        assertThat(ScanWaivers.read(temp.resolve("missing.yaml"))).isEmpty();
    }

    @Test
    void aWaiverWithoutReasonOrExpiryIsRejectedWithTheFix() throws Exception {
        Path file = temp.resolve("scan-waivers.yaml");
        Files.writeString(file, "waivers:\n  - id: CVE-2021-44228\n    expires: 2026-12-31\n");
        assertThatThrownBy(() -> ScanWaivers.read(file))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("waiver 1 (CVE-2021-44228) has no reason");

        Files.writeString(file, "waivers:\n  - id: CVE-2021-44228\n    reason: later\n");
        assertThatThrownBy(() -> ScanWaivers.read(file)).hasMessageContaining("has no expires date (YYYY-MM-DD)");

        Files.writeString(file, "waivers:\n  - id: CVE-2021-44228\n    reason: later\n    expires: soon\n");
        assertThatThrownBy(() -> ScanWaivers.read(file)).hasMessageContaining("expires 'soon' is not a date");

        Files.writeString(file, "- CVE-2021-44228\n");
        assertThatThrownBy(() -> ScanWaivers.read(file)).hasMessageContaining("must hold a list 'waivers:'");
    }

    private ScanResult evaluate(List<Package> packages, Severity threshold, List<ScanWaivers.Waiver> waivers) {
        return new ImageScanner(BuildLog.silent())
                .evaluate("delivery:1.0.0", inventory(packages), settings(threshold, waivers));
    }

    private ImageScanner.Settings settings(Severity threshold, List<ScanWaivers.Waiver> waivers) {
        return new ImageScanner.Settings(database, threshold, waivers, TODAY, temp);
    }

    private static Inventory inventory(List<Package> packages) {
        return new Inventory(
                new OsRelease("debian", "12", "Debian GNU/Linux 12 (bookworm)"),
                packages,
                List.of(),
                "sha256:0",
                List.of());
    }

    private static Path fixtures() {
        try {
            return Path.of(ImageScannerTest.class.getResource("/osv/README.md").toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
