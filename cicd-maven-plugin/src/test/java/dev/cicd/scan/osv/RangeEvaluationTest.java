package dev.cicd.scan.osv;

import static dev.cicd.scan.osv.OsvRecord.Event.fixed;
import static dev.cicd.scan.osv.OsvRecord.Event.introduced;
import static dev.cicd.scan.osv.OsvRecord.Event.lastAffected;
import static dev.cicd.scan.osv.OsvRecord.Event.limit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The OSV schema's evaluation algorithm, range by range and through the matcher. */
class RangeEvaluationTest {

    private static final VersionOrder SEMVER = VersionOrders.semver();

    @ParameterizedTest(name = "[introduced 1.0.0, fixed 1.0.2, introduced 3.0.0, fixed 3.2.5] {0} -> {1} fixed {2}")
    @CsvSource(
            nullValues = "-",
            value = {
                "0.9.9, false, -",
                "1.0.0, true, 1.0.2",
                "1.0.1, true, 1.0.2",
                "1.0.2, false, -",
                "2.9.9, false, -",
                "3.0.0, true, 3.2.5",
                "3.2.4, true, 3.2.5",
                "3.2.5, false, -",
                "9.0.0, false, -",
            })
    void introducedAndFixedPairs(String version, boolean affected, String fix) {
        // the schema's "multiple range" example, given out of order: events are sorted before the walk
        List<OsvRecord.Event> events =
                List.of(introduced("3.0.0"), fixed("1.0.2"), fixed("3.2.5"), introduced("1.0.0"));
        Matcher.RangeHit hit = Matcher.evaluate(events, version, SEMVER);
        assertThat(hit != null).isEqualTo(affected);
        if (affected) {
            assertThat(hit.fixed()).isEqualTo(fix);
        }
    }

    @Test
    void introducedZeroIsBeforeEverything() {
        List<OsvRecord.Event> events = List.of(introduced("0"), fixed("1.0.2"));
        assertThat(Matcher.evaluate(events, "0.0.0-alpha", SEMVER)).isNotNull();
        assertThat(Matcher.evaluate(events, "1.0.1", SEMVER).fixed()).isEqualTo("1.0.2");
        assertThat(Matcher.evaluate(events, "1.0.2", SEMVER)).isNull();
    }

    @Test
    void unfixedAffectsEverythingAfterIntroduction() {
        List<OsvRecord.Event> events = List.of(introduced("2.0.0"));
        assertThat(Matcher.evaluate(events, "1.9.9", SEMVER)).isNull();
        Matcher.RangeHit hit = Matcher.evaluate(events, "99.0.0", SEMVER);
        assertThat(hit).isNotNull();
        assertThat(hit.fixed()).isNull();
    }

    @Test
    void lastAffectedIsIncludedAndWhatFollowsIsNot() {
        // the schema's "last_affected vs fixed" example
        List<OsvRecord.Event> events = List.of(introduced("0"), lastAffected("2.1.214"));
        VersionOrder maven = VersionOrders.maven();
        assertThat(Matcher.evaluate(events, "2.1.214", maven)).isNotNull();
        assertThat(Matcher.evaluate(events, "2.1.214", maven).fixed()).isNull();
        assertThat(Matcher.evaluate(events, "2.1.215", maven)).isNull();
        assertThat(Matcher.evaluate(events, "1.0", maven)).isNotNull();
    }

    @Test
    void limitBoundsTheRange() {
        List<OsvRecord.Event> events = List.of(introduced("1.0.0"), limit("2.0.0"));
        assertThat(Matcher.evaluate(events, "1.5.0", SEMVER)).isNotNull();
        assertThat(Matcher.evaluate(events, "2.0.0", SEMVER)).isNull();
        assertThat(Matcher.evaluate(events, "3.0.0", SEMVER)).isNull();
        List<OsvRecord.Event> unbounded = List.of(introduced("1.0.0"), limit("*"));
        assertThat(Matcher.evaluate(unbounded, "300.0.0", SEMVER)).isNotNull();
        List<OsvRecord.Event> twoLimits = List.of(introduced("1.0.0"), limit("1.5.0"), limit("3.0.0"));
        assertThat(Matcher.evaluate(twoLimits, "2.0.0", SEMVER))
                .as("below one of the limits")
                .isNotNull();
    }

    @Test
    void rangesWithUnreadableVersionsAreNotGuessedAt() {
        assertThat(Matcher.evaluate(List.of(introduced("0"), fixed("not.a.version")), "1.0.0", SEMVER))
                .isNull();
        assertThat(Matcher.evaluate(List.of(introduced("0"), fixed("2.0.0")), "banana", SEMVER))
                .isNull();
        assertThat(Matcher.evaluate(List.of(new OsvRecord.Event("1.0.0", "2.0.0", null, null)), "1.5.0", SEMVER))
                .as("an event with two kinds is invalid")
                .isNull();
        assertThat(Matcher.evaluate(List.of(), "1.0.0", SEMVER)).isNull();
    }

    @Test
    void ecosystemRangesUseTheEcosystemsOrder() {
        // "1.0~rc1" is below "1.0" for dpkg; a plain string order would say otherwise
        List<OsvRecord.Event> events = List.of(introduced("0"), fixed("1.0"));
        assertThat(Matcher.evaluate(events, "1.0~rc1", VersionOrders.dpkg())).isNotNull();
        assertThat(Matcher.evaluate(events, "1.0+b1", VersionOrders.dpkg())).isNull();
    }

    @Test
    void matcherUsesSemverForSemverRangesWhateverTheEcosystem() {
        // "2.0.0-1" is a pre-release of 2.0.0 for SemVer but a post-release for PEP 440: the range type decides.
        OsvRecord semver = record(
                "OSV-SEMVER",
                "PyPI",
                "demo",
                List.of(OsvRecord.Range.of("SEMVER", introduced("0"), fixed("2.0.0"))),
                List.of());
        OsvRecord ecosystem = record(
                "OSV-ECOSYSTEM",
                "PyPI",
                "demo",
                List.of(OsvRecord.Range.of("ECOSYSTEM", introduced("0"), fixed("2.0.0"))),
                List.of());
        OsvDatabase db = OsvDatabase.of(List.of(semver, ecosystem));
        assertThat(Matcher.match(InstalledPackage.of("PyPI", "demo", "2.0.0-1"), db))
                .extracting(Finding::advisoryId)
                .containsExactly("OSV-SEMVER");
        assertThat(Matcher.match(InstalledPackage.of("PyPI", "demo", "1.9.9"), db))
                .hasSize(2);
        assertThat(Matcher.match(InstalledPackage.of("PyPI", "demo", "2.0.0"), db))
                .isEmpty();
    }

    @Test
    void explicitVersionsMatchExactly() {
        OsvRecord record = record("OSV-LIST", "PyPI", "demo", List.of(), List.of("1.0", "1.1"));
        OsvDatabase db = OsvDatabase.of(List.of(record));
        List<Finding> findings = Matcher.match(InstalledPackage.of("PyPI", "demo", "1.1"), db);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.matchedBy()).isEqualTo(Finding.MatchKind.VERSIONS);
            assertThat(f.fixedVersions()).isEmpty();
        });
        assertThat(Matcher.match(InstalledPackage.of("PyPI", "demo", "1.0.0"), db))
                .as("the same PEP 440 version spelled differently")
                .hasSize(1);
        assertThat(Matcher.match(InstalledPackage.of("PyPI", "demo", "1.2"), db))
                .isEmpty();
    }

    @Test
    void gitRangesAreIgnoredButTheVersionListStillCounts() {
        OsvRecord record = record(
                "OSV-GIT",
                "npm",
                "demo",
                List.of(new OsvRecord.Range(
                        "GIT",
                        "https://example.invalid/repo.git",
                        List.of(introduced("0"), fixed("a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0")),
                        null)),
                List.of("1.2.3"));
        OsvDatabase db = OsvDatabase.of(List.of(record));
        assertThat(Matcher.match(InstalledPackage.of("npm", "demo", "1.2.3"), db))
                .hasSize(1);
        assertThat(Matcher.match(InstalledPackage.of("npm", "demo", "1.2.4"), db))
                .isEmpty();
    }

    @Test
    void anAdvisoryReachedTwiceIsReportedOnceWithEveryFix() {
        OsvRecord record = new OsvRecord(
                null,
                "OSV-TWICE",
                null,
                null,
                null,
                List.of("CVE-2099-0001"),
                null,
                null,
                "twice",
                null,
                null,
                List.of(
                        OsvRecord.Affected.of(
                                new OsvRecord.Package("npm", "demo", null),
                                List.of(OsvRecord.Range.of("SEMVER", introduced("1.0.0"), fixed("1.4.0"))),
                                List.of()),
                        OsvRecord.Affected.of(
                                new OsvRecord.Package("npm", "demo", null),
                                List.of(OsvRecord.Range.of("ECOSYSTEM", introduced("1.2.0"), fixed("1.3.5"))),
                                List.of("1.2.5"))),
                null,
                null);
        List<Finding> findings =
                Matcher.match(InstalledPackage.of("npm", "demo", "1.2.5"), OsvDatabase.of(List.of(record)));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.advisoryId()).isEqualTo("OSV-TWICE");
            assertThat(f.aliases()).containsExactly("CVE-2099-0001");
            assertThat(f.fixedVersions()).containsExactly("1.3.5", "1.4.0");
            assertThat(f.matchedBy()).isEqualTo(Finding.MatchKind.RANGE);
        });
    }

    @Test
    void namesFollowEachEcosystemsRules() {
        OsvDatabase db = OsvDatabase.of(List.of(
                record(
                        "PY",
                        "PyPI",
                        "Zope.Interface_Extra",
                        List.of(OsvRecord.Range.of("ECOSYSTEM", introduced("0"))),
                        List.of()),
                record("NPM", "npm", "@Scope/Pkg", List.of(OsvRecord.Range.of("SEMVER", introduced("0"))), List.of())));
        assertThat(Matcher.match(InstalledPackage.of("PyPI", "zope-interface.extra", "1.0"), db))
                .hasSize(1);
        assertThat(Matcher.match(InstalledPackage.of("npm", "@Scope/Pkg", "1.0.0"), db))
                .hasSize(1);
        assertThat(Matcher.match(InstalledPackage.of("npm", "@scope/pkg", "1.0.0"), db))
                .as("npm names are case-sensitive")
                .isEmpty();
    }

    @Test
    void alpineAdvisoriesApplyToTheirReleaseOnly() {
        OsvRecord record = new OsvRecord(
                null,
                "ALPINE-CVE-2099-1",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(
                        OsvRecord.Affected.of(
                                new OsvRecord.Package("Alpine:v3.18", "openssl", null),
                                List.of(OsvRecord.Range.of("ECOSYSTEM", introduced("0"), fixed("3.1.4-r1"))),
                                List.of()),
                        OsvRecord.Affected.of(
                                new OsvRecord.Package("Alpine:v3.19", "openssl", null),
                                List.of(OsvRecord.Range.of("ECOSYSTEM", introduced("0"), fixed("3.1.4-r3"))),
                                List.of())),
                null,
                null);
        OsvDatabase db = OsvDatabase.of(List.of(record));
        InstalledPackage libcrypto = new InstalledPackage("Alpine:v3.19", "libcrypto3", "3.1.4-r2", "openssl", null);
        assertThat(Matcher.match(libcrypto, db))
                .singleElement()
                .satisfies(f -> assertThat(f.fixedVersions()).containsExactly("3.1.4-r3"));
        assertThat(Matcher.match(new InstalledPackage("Alpine:3.18.4", "libcrypto3", "3.1.4-r2", "openssl", null), db))
                .as("fixed in 3.18's 3.1.4-r1")
                .isEmpty();
        assertThat(Matcher.match(new InstalledPackage("Alpine:v3.20", "libcrypto3", "3.1.4-r2", "openssl", null), db))
                .isEmpty();
    }

    @Test
    void packagesOfEcosystemsWithoutAnOrderStillMatchTheirVersionLists() {
        OsvRecord record = record(
                "GO-1",
                "Go",
                "example.com/mod",
                List.of(OsvRecord.Range.of("ECOSYSTEM", introduced("0"), fixed("1.2.0"))),
                List.of("1.1.0"));
        OsvDatabase db = OsvDatabase.of(List.of(record));
        assertThat(Matcher.match(InstalledPackage.of("Go", "example.com/mod", "1.1.0"), db))
                .hasSize(1);
        assertThat(Matcher.match(InstalledPackage.of("Go", "example.com/mod", "1.1.1"), db))
                .as("an ECOSYSTEM range without a known order is not evaluated")
                .isEmpty();
    }

    static OsvRecord record(
            String id, String ecosystem, String name, List<OsvRecord.Range> ranges, List<String> versions) {
        return OsvRecord.of(
                id,
                List.of(),
                null,
                List.of(),
                List.of(OsvRecord.Affected.of(new OsvRecord.Package(ecosystem, name, null), ranges, versions)));
    }
}
