package dev.cicd.scan.osv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real advisories in src/test/resources/osv (see the README there), end to end. */
class FixtureAdvisoriesTest {

    private static final String LOG4J = "org.apache.logging.log4j:log4j-core";

    private final RecordingLog log = new RecordingLog();
    private final OsvDatabase db = OsvDatabase.load(List.of(Fixtures.directory()), log);

    @Test
    void loadsBothAdvisoriesWithoutComplaint() {
        assertThat(db.size()).isEqualTo(2);
        assertThat(db.get("GHSA-jfh8-c2jp-5v3q")).isPresent();
        assertThat(db.get("DSA-5514-1")).isPresent();
        assertThat(log.warnings).isEmpty();
    }

    @Test
    void log4ShellMatchesLog4jCore2141AndNamesTheFix() {
        List<Finding> findings = Matcher.match(InstalledPackage.of("Maven", LOG4J, "2.14.1"), db);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.advisoryId()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
            assertThat(f.aliases()).containsExactly("CVE-2021-44228");
            assertThat(f.summary()).isEqualTo("Remote code injection in Log4j");
            assertThat(f.installedVersion()).isEqualTo("2.14.1");
            assertThat(f.fixedVersions()).containsExactly("2.15.0");
            assertThat(f.matchedBy()).isEqualTo(Finding.MatchKind.RANGE);
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.cvssScore()).isEqualTo(10.0);
            assertThat(f.cvssVector()).isEqualTo("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
        });
    }

    @Test
    void log4ShellDoesNotMatchFixedVersions() {
        assertThat(Matcher.match(InstalledPackage.of("Maven", LOG4J, "2.15.0"), db))
                .isEmpty();
        assertThat(Matcher.match(InstalledPackage.of("Maven", LOG4J, "2.17.1"), db))
                .isEmpty();
        assertThat(Matcher.match(InstalledPackage.of("Maven", LOG4J, "2.12.2"), db))
                .as("the 2.12 backport")
                .isEmpty();
        assertThat(Matcher.match(InstalledPackage.of("Maven", LOG4J, "2.0-beta8"), db))
                .as("before introduction")
                .isEmpty();
        assertThat(Matcher.match(InstalledPackage.of("Maven", "org.apache.logging.log4j:log4j-api", "2.14.1"), db))
                .isEmpty();
    }

    @Test
    void log4ShellBranchesNameTheirOwnFixes() {
        assertThat(Matcher.match(InstalledPackage.of("Maven", LOG4J, "2.0-beta9"), db))
                .singleElement()
                .satisfies(f -> assertThat(f.fixedVersions()).containsExactly("2.3.1"));
        assertThat(Matcher.match(InstalledPackage.of("Maven", LOG4J, "2.11.0"), db))
                .singleElement()
                .satisfies(f -> assertThat(f.fixedVersions()).containsExactly("2.12.2"));
        assertThat(Matcher.match(InstalledPackage.of("Maven", "org.xbib.elasticsearch:log4j", "6.3.2.1"), db))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.matchedBy()).isEqualTo(Finding.MatchKind.VERSIONS);
                    assertThat(f.fixedVersions()).isEmpty();
                });
        assertThat(Matcher.match(InstalledPackage.of("Maven", "com.guicedee.services:log4j-core", "1.2.1.2-jre17"), db))
                .as("last_affected is included")
                .hasSize(1);
        assertThat(Matcher.match(InstalledPackage.of("Maven", "com.guicedee.services:log4j-core", "1.2.1.3-jre17"), db))
                .isEmpty();
    }

    @Test
    void theDebianAdvisoryMatchesABookwormPackageThroughItsSourcePackage() {
        InstalledPackage libc6 = new InstalledPackage(
                "Debian:12",
                "libc6",
                "2.36-9+deb12u1",
                "glibc",
                "pkg:deb/debian/libc6@2.36-9%2Bdeb12u1?arch=amd64&distro=debian-12&upstream=glibc");
        assertThat(Matcher.match(libc6, db)).singleElement().satisfies(f -> {
            assertThat(f.advisoryId()).isEqualTo("DSA-5514-1");
            assertThat(f.aliases()).containsExactly("DEBIAN-CVE-2023-4911", "CVE-2023-4911");
            assertThat(f.fixedVersions()).as("bookworm's fix, not bullseye's").containsExactly("2.36-9+deb12u3");
            assertThat(f.severity()).as("DSAs carry no severity").isEqualTo(Severity.UNKNOWN);
            assertThat(f.pkg()).isEqualTo(libc6);
        });
        assertThat(Matcher.match(new InstalledPackage("Debian:12", "libc6", "2.36-9+deb12u3", "glibc", null), db))
                .isEmpty();
        assertThat(Matcher.match(new InstalledPackage("Debian:12", "libc6", "2.36-9+deb12u4", "glibc", null), db))
                .isEmpty();
        assertThat(Matcher.match(new InstalledPackage("Debian:12", "libc6", "2.36-9+deb12u1", null, null), db))
                .as("without its source name libc6 is not glibc")
                .isEmpty();
    }

    @Test
    void theDebianAdvisoryDoesNotLendBookwormsFixToBullseye() {
        // 2.31-13+deb11u7 is below bookworm's fix, but it is bullseye's own fixed version.
        assertThat(Matcher.match(new InstalledPackage("Debian:11", "libc6", "2.31-13+deb11u7", "glibc", null), db))
                .isEmpty();
        assertThat(Matcher.match(new InstalledPackage("Debian:11", "libc6", "2.31-13+deb11u6", "glibc", null), db))
                .singleElement()
                .satisfies(f -> assertThat(f.fixedVersions()).containsExactly("2.31-13+deb11u7"));
        assertThat(Matcher.match(new InstalledPackage("Debian:13", "libc6", "2.36-9", "glibc", null), db))
                .as("no entry for trixie")
                .isEmpty();
        assertThat(Matcher.match(new InstalledPackage("Debian:bookworm", "libc6", "2.36-9", "glibc", null), db))
                .as("the codename names the same release")
                .hasSize(1);
    }

    @Test
    void purlsBecomeInstalledPackages() {
        InstalledPackage fromSbom = InstalledPackage.fromPurl(
                "pkg:deb/debian/libc6@2.36-9%2Bdeb12u1?arch=amd64&distro=debian-12&upstream=glibc%402.36-9%2Bdeb12u1");
        assertThat(fromSbom.ecosystem()).isEqualTo("Debian:12");
        assertThat(fromSbom.sourceName()).isEqualTo("glibc");
        assertThat(fromSbom.version()).isEqualTo("2.36-9+deb12u1");
        assertThat(Matcher.match(fromSbom, db)).hasSize(1);

        InstalledPackage maven = InstalledPackage.fromPurl("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
        assertThat(maven.name()).isEqualTo(LOG4J);
        assertThat(Matcher.match(maven, db)).hasSize(1);

        assertThat(InstalledPackage.fromPurl("pkg:npm/%40angular/core@16.0.0").name())
                .isEqualTo("@angular/core");
        assertThat(InstalledPackage.fromPurl("pkg:pypi/django@4.2").ecosystem()).isEqualTo("PyPI");
        assertThat(InstalledPackage.fromPurl(
                        "pkg:apk/alpine/libcrypto3@3.1.4-r2?arch=x86_64&distro=3.19.1&upstream=openssl"))
                .isEqualTo(new InstalledPackage(
                        "Alpine:v3.19",
                        "libcrypto3",
                        "3.1.4-r2",
                        "openssl",
                        "pkg:apk/alpine/libcrypto3@3.1.4-r2?arch=x86_64&distro=3.19.1&upstream=openssl"));
        assertThat(InstalledPackage.fromPurl("pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.10?distro=ubuntu-22.04")
                        .ecosystem())
                .isEqualTo("Ubuntu:22.04:LTS");
    }

    @Test
    void theFixturesLoadTheSameFromOsvDevArchives(@TempDir Path tmp) {
        Path maven = Fixtures.zip(
                tmp.resolve("Maven-all.zip"),
                Map.of("GHSA-jfh8-c2jp-5v3q.json", Fixtures.utf8(Fixtures.read("Maven/GHSA-jfh8-c2jp-5v3q.json"))));
        Map<String, byte[]> debian = new LinkedHashMap<>();
        debian.put("DSA-5514-1.json", Fixtures.utf8(Fixtures.read("Debian/DSA-5514-1.json")));
        Path debianZip = Fixtures.zip(tmp.resolve("Debian-all.zip"), debian);
        OsvDatabase fromZips = OsvDatabase.load(List.of(maven, debianZip), log);
        assertThat(fromZips.size()).isEqualTo(2);
        assertThat(Matcher.match(InstalledPackage.of("Maven", LOG4J, "2.14.1"), fromZips))
                .hasSize(1);
        assertThat(log.warnings).isEmpty();
    }
}
