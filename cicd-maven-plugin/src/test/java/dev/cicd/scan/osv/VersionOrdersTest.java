package dev.cicd.scan.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each order against its published rules; {@code <}, {@code =}, {@code >} is how a sorts against b. */
class VersionOrdersTest {

    @ParameterizedTest(name = "dpkg: {0} {1} {2}")
    @CsvSource(
            delimiter = ' ',
            value = {
                // Debian Policy 5.6.12 and dpkg's own test suite
                "1.0~rc1 < 1.0",
                "1.0~rc1 < 1.0~rc2",
                "1.0~~ < 1.0~",
                "1.0~ < 1.0",
                "1:0.1 > 2.0",
                "0:1.0 = 1.0",
                "1.0 = 1.0-0",
                "1.0-1 < 1.0-1+b1",
                "2.30-9 < 2.30-10",
                "1.2.3 < 1.2.10",
                "1.0a < 1.0+",
                "1.0a < 1.0.",
                "1.0 < 1.0a",
                "1.001 = 1.1",
                "2.36-9 < 2.36-9+deb12u3",
                "2.36-9+b1 < 2.36-9+deb12u3",
                "2.36-9+deb12u3 < 2.36-9+deb12u10",
                "7.88.1-10+deb12u5 < 7.88.1-10+deb12u6",
                "3.0.11-1~deb12u2 < 3.0.11-1",
                "3.0.11-1~deb12u2 > 3.0.9-1",
                "1:1.2.13.dfsg-1 > 1.3",
                "1.0-2-3 > 1.0-2",
                "1.0-2-3 < 1.0-3-1",
                "10:1 > 9:99",
                "100000000000000000000:1 > 99999999999999999999:1",
            })
    void dpkg(String a, String relation, String b) {
        assertRelation(VersionOrders.dpkg(), a, relation, b);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "1:2.36-9+deb12u3", "2.9.14+dfsg-1.3~deb12u1", "1.0-2-3", "0.1~rc1"})
    void dpkgValid(String v) {
        assertThat(VersionOrders.dpkg().isValid(v)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a1.0", "1.0-", "x:1.0", "1.0 1", "1.0-a_b", "1:0:a-"})
    void dpkgInvalid(String v) {
        assertThat(VersionOrders.dpkg().isValid(v)).isFalse();
    }

    @ParameterizedTest(name = "apk: {0} {1} {2}")
    @CsvSource(
            delimiter = ' ',
            value = {
                "1.2.3_rc1 < 1.2.3",
                "1.2.3 < 1.2.3_p1",
                "1.2.3_rc1 < 1.2.3_p1",
                "1.2.3_alpha < 1.2.3_beta",
                "1.2.3_beta < 1.2.3_pre",
                "1.2.3_pre < 1.2.3_rc",
                "1.2.3_cvs < 1.2.3_svn",
                "1.2.3_svn < 1.2.3_git",
                "1.2.3_git < 1.2.3_hg",
                "1.2.3_hg < 1.2.3_p",
                "1.0_p1 < 1.0_p2",
                "1.0_git20230101 > 1.0",
                "1.0-r1 < 1.0-r2",
                "3.1.4-r5 < 3.1.4-r10",
                "1.0 < 1.0-r1",
                // the leading-zero rule: a part after a dot that starts with 0 is a fraction
                "1.01 < 1.1",
                "1.001 < 1.01",
                "1.05 < 1.5",
                "1.10 > 1.1",
                "1.2.3a > 1.2.3",
                "1.2.3a < 1.2.3b",
                "1.2.3a < 1.2.4",
                "1.0 < 1.0.1",
                "1 < 1.0",
                "2.0 > 1.99",
                "1.2.3 = 1.2.3",
                "1.2.3-r0 = 1.2.3-r0",
                "1.0_alpha < 1.0",
                "2.0_rc1 < 2.0",
                "1.0 < 1.00",
                "1.0~abc123-r0 > 1.0-r0",
                "1.0~abc123 < 1.0~abc124",
                "1.0 > 1.0-x",
                "1.36.1-r5 > 1.36.1-r2",
                "3.0.12-r1 < 3.1.4-r1",
            })
    void apk(String a, String relation, String b) {
        assertRelation(VersionOrders.apk(), a, relation, b);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.2.3",
                "1.2.3-r4",
                "1.2.3_rc1-r0",
                "1.0_git20230101",
                "1.2.3a",
                "1.01",
                "1.0_p1_rc2",
                "1.0~0a1b2c-r3"
            })
    void apkValid(String v) {
        assertThat(VersionOrders.apk().isValid(v)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "abc", "1.2.3-x", "1.2.3_foo", "1..2", "v1.0", "1.0-r", "1.0_alphax", "1.0-r1.2", "1.0a1a"})
    void apkInvalid(String v) {
        assertThat(VersionOrders.apk().isValid(v)).isFalse();
    }

    @Test
    void semverPrecedenceFromTheSpecification() {
        // semver.org section 11's example chain
        assertChain(
                VersionOrders.semver(),
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0-rc.1",
                "1.0.0");
        assertChain(VersionOrders.semver(), "1.0.0", "2.0.0", "2.1.0", "2.1.1");
    }

    @ParameterizedTest(name = "semver: {0} {1} {2}")
    @CsvSource(
            delimiter = ' ',
            value = {
                "1.0.0+build.1 = 1.0.0",
                "1.0.0-rc.1+build.1 = 1.0.0-rc.1+other",
                "v1.2.3 = 1.2.3",
                "=1.2.3 = 1.2.3",
                "1.2.3 < 1.2.10",
                "1.10.0 > 1.9.0",
                "1.0.0-1 < 1.0.0-a",
                "1.0.0-2 < 1.0.0-10",
                "1.0.0-a.b < 1.0.0-a.b.c",
                "1.0.0-Z < 1.0.0-a",
                "99999999999999999999.0.0 > 9999999999999999999.0.0",
            })
    void semver(String a, String relation, String b) {
        assertRelation(VersionOrders.semver(), a, relation, b);
    }

    @Test
    void semverRefusesWhatIsNotSemver() {
        VersionOrder semver = VersionOrders.semver();
        assertThat(semver.isValid("1.2")).isFalse();
        assertThat(semver.isValid("01.2.3")).isFalse();
        assertThat(semver.isValid("1.2.3-")).isFalse();
        assertThat(semver.isValid("1.2.3-01")).isFalse();
        assertThat(semver.isValid(" v1.2.3 ")).isTrue();
        assertThatThrownBy(() -> semver.compare("1.2", "1.2.0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pep440Chain() {
        // PEP 440, "Summary of permitted suffixes and relative ordering"
        assertChain(
                VersionOrders.pep440(),
                "1.0.dev456",
                "1.0a1",
                "1.0a2.dev456",
                "1.0a12.dev456",
                "1.0a12",
                "1.0b1.dev456",
                "1.0b2",
                "1.0b2.post345.dev456",
                "1.0b2.post345",
                "1.0rc1.dev456",
                "1.0rc1",
                "1.0",
                "1.0+abc.5",
                "1.0+abc.7",
                "1.0+5",
                "1.0.post456.dev34",
                "1.0.post456",
                "1.0.15",
                "1.1.dev1");
        assertChain(VersionOrders.pep440(), "1.0.dev1", "1.0a1", "1.0b1", "1.0rc1", "1.0", "1.0.post1");
    }

    @ParameterizedTest(name = "pep440: {0} {1} {2}")
    @CsvSource(
            delimiter = ' ',
            value = {
                "1.0 = 1.0.0",
                "1.0 = 1",
                "1!0.1 > 2.0",
                "0!2.0 = 2.0",
                "1.0+local > 1.0",
                "1.0+local < 1.0.post1",
                "1.0-1 = 1.0.post1",
                "1.0rev1 = 1.0.post1",
                "1.0-r1 = 1.0.post1",
                "1.0.post = 1.0.post0",
                "1.0alpha1 = 1.0a1",
                "1.0-beta.2 = 1.0b2",
                "1.0c1 = 1.0rc1",
                "1.0pre1 = 1.0rc1",
                "1.0preview1 = 1.0rc1",
                "1.0RC1 = 1.0rc1",
                "1.0.DEV1 = 1.0.dev1",
                "v1.0 = 1.0",
                "1.0_dev_1 = 1.0.dev1",
                "1.0a1 < 1.0a1.post1",
                "1.0.dev1 < 1.0a1.dev1",
                "1.0.post1.dev1 < 1.0.post1",
                "1.0.post1.dev1 > 1.0",
                "1.2.10 > 1.2.9",
                "1.0+abc < 1.0+1",
                "1.0+1.a < 1.0+1.1",
                "1.0+ABC = 1.0+abc",
                "1.0+a-b = 1.0+a.b",
            })
    void pep440(String a, String relation, String b) {
        assertRelation(VersionOrders.pep440(), a, relation, b);
    }

    @Test
    void pep440RefusesWhatIsNotAVersion() {
        VersionOrder pep440 = VersionOrders.pep440();
        assertThat(pep440.isValid("1.0-foo-bar")).isFalse();
        assertThat(pep440.isValid("french toast")).isFalse();
        assertThat(pep440.isValid(" 1.0.post1 ")).isTrue();
        assertThatThrownBy(() -> pep440.compare("1.0", "nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "maven: {0} {1} {2}")
    @CsvSource(
            delimiter = ' ',
            value = {
                "1.0-alpha < 1.0",
                "1.0 < 1.0-sp",
                "1.0-alpha < 1.0-beta",
                "1.0-rc1 < 1.0",
                "1.0-SNAPSHOT < 1.0",
                "2.14.1 < 2.15.0",
                "2.0-beta9 < 2.0",
                "2.0-beta9 < 2.3.1",
                "2.12.2 < 2.13.0",
                "1.0 = 1.0.0",
                "1.0 = 1",
                "2.17.1 > 2.15.0",
            })
    void maven(String a, String relation, String b) {
        assertRelation(VersionOrders.maven(), a, relation, b);
    }

    @Test
    void ordersAreFoundByOsvEcosystemName() {
        assertThat(VersionOrders.forEcosystem("Maven")).containsSame(VersionOrders.maven());
        assertThat(VersionOrders.forEcosystem("Debian")).containsSame(VersionOrders.dpkg());
        assertThat(VersionOrders.forEcosystem("Debian:12")).containsSame(VersionOrders.dpkg());
        assertThat(VersionOrders.forEcosystem("Ubuntu:22.04:LTS")).containsSame(VersionOrders.dpkg());
        assertThat(VersionOrders.forEcosystem("Alpine:v3.19")).containsSame(VersionOrders.apk());
        assertThat(VersionOrders.forEcosystem("npm")).containsSame(VersionOrders.semver());
        assertThat(VersionOrders.forEcosystem("PyPI")).containsSame(VersionOrders.pep440());
        assertThat(VersionOrders.forEcosystem("Go")).isEmpty();
        assertThat(VersionOrders.forEcosystem("crates.io")).isEmpty();
        assertThat(VersionOrders.forEcosystem(null)).isEmpty();
    }

    /** Advisory data is untrusted: huge version strings are refused or compared in linear time, never a stack overflow. */
    @Test
    void hostileVersionStringsAreHandled() {
        String[] hostile = {
            "1.".repeat(50_000) + "x",
            "1.0.0-" + "1".repeat(100_000) + "!",
            "1" + "-1".repeat(50_000) + "x",
            "1.0" + ".post".repeat(20_000),
            "1.0.0-" + "a.".repeat(50_000)
        };
        for (String v : hostile) {
            assertThat(VersionOrders.semver().isValid(v)).isFalse();
            assertThat(VersionOrders.pep440().isValid(v)).isFalse();
            assertThatThrownBy(() -> VersionOrders.pep440().compare(v, "1.0"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> VersionOrders.semver().compare(v, "1.0.0"))
                    .isInstanceOf(IllegalArgumentException.class);
            VersionOrders.dpkg().compare(v, v + "1");
            VersionOrders.apk().compare(v, v + "1");
            VersionOrders.maven().compare(v, "1.0");
        }
    }

    /** Sorting shuffled chains restores them: the orders are consistent, not just right on pairs. */
    @Test
    void ordersSortConsistently() {
        sortsBack(
                VersionOrders.dpkg(),
                "0.9",
                "1.0~~",
                "1.0~",
                "1.0",
                "1.0-1",
                "1.0-1+b1",
                "1.0a",
                "1.0+",
                "1.1",
                "1:0.1");
        sortsBack(VersionOrders.apk(), "1.0_alpha", "1.0_rc1", "1.0", "1.0-r1", "1.0_p1", "1.0.1", "1.01.0", "1.1");
        sortsBack(
                VersionOrders.semver(),
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0",
                "1.0.1",
                "1.10.0");
        sortsBack(VersionOrders.pep440(), "1.0.dev1", "1.0a1", "1.0b1", "1.0rc1", "1.0", "1.0+x", "1.0.post1", "1!0.1");
    }

    private static void sortsBack(VersionOrder order, String... ascending) {
        List<String> shuffled = new ArrayList<>(List.of(ascending));
        Collections.shuffle(shuffled, new Random(7));
        shuffled.sort(order.comparator());
        assertThat(shuffled).containsExactly(ascending);
    }

    private static void assertChain(VersionOrder order, String... ascending) {
        for (int i = 0; i + 1 < ascending.length; i++) {
            assertRelation(order, ascending[i], "<", ascending[i + 1]);
        }
    }

    private static void assertRelation(VersionOrder order, String a, String relation, String b) {
        int expected = switch (relation) {
            case "<" -> -1;
            case "=" -> 0;
            case ">" -> 1;
            default -> throw new IllegalArgumentException(relation);
        };
        assertThat(Integer.signum(order.compare(a, b)))
                .as("%s %s %s", a, relation, b)
                .isEqualTo(expected);
        assertThat(Integer.signum(order.compare(b, a)))
                .as("%s %s %s (reversed)", a, relation, b)
                .isEqualTo(-expected);
    }
}
