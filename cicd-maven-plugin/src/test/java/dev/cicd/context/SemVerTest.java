package dev.cicd.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SemVerTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.0.4",
                "1.2.3",
                "10.20.30",
                "1.1.2-prerelease+meta",
                "1.0.0-alpha.beta.1",
                "1.0.0-alpha-a.b-c-somethinglong+build.1-aef.1-its-okay",
                "2.0.0-rc.1+build.123",
                "v1.0.2",
                "1.0.0-0A.is.legal",
                "99999999999999999.0.0"
            })
    void acceptsValidVersions(String text) {
        assertThat(SemVer.parse(text)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1",
                "1.2",
                "1.2.3-0123",
                "1.2.3-0123.0123",
                "+invalid",
                "-invalid",
                "1.2.3.DEV",
                "01.1.1",
                "1.01.1",
                "1.2.3-",
                "1.2.3+",
                "vv1.0.0",
                "1.x",
                "latest",
                "",
                "1.2.3-beta..1"
            })
    void rejectsInvalidVersions(String text) {
        assertThat(SemVer.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.2", "v1.0.2"})
    void keepsVersionWithoutV(String text) {
        SemVer version = SemVer.parse(text).orElseThrow();

        assertThat(version.toString()).isEqualTo("1.0.2");
        assertThat(version.imageTag()).isEqualTo("v1.0.2");
        assertThat(version.chartVersion()).isEqualTo("1.0.2");
    }

    @Test
    void precedenceFollowsTheSpecificationsExampleChain() {
        // semver.org, section 11.4
        List<String> chain = List.of(
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0-rc.1",
                "1.0.0");
        for (int i = 0; i + 1 < chain.size(); i++) {
            assertThat(compare(chain.get(i), chain.get(i + 1)))
                    .as("%s < %s", chain.get(i), chain.get(i + 1))
                    .isEqualTo(-1);
            assertThat(compare(chain.get(i + 1), chain.get(i)))
                    .as("%s > %s", chain.get(i + 1), chain.get(i))
                    .isEqualTo(1);
        }
        List<SemVer> shuffled = new ArrayList<>(
                chain.stream().map(v -> SemVer.parse(v).orElseThrow()).toList());
        Collections.shuffle(shuffled, new Random(11));
        Collections.sort(shuffled);
        assertThat(shuffled).extracting(SemVer::toString).containsExactlyElementsOf(chain);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(
            delimiter = ' ',
            value = {
                // major, minor and patch compare numerically (11.2)
                "1.0.0 < 2.0.0",
                "2.0.0 < 2.1.0",
                "2.1.0 < 2.1.1",
                "1.9.0 < 1.10.0",
                "1.2.9 < 1.2.10",
                "9999999999999999999.0.0 < 99999999999999999999.0.0",
                // a pre-release ranks below its release, above the release before (11.3)
                "1.0.0-alpha < 1.0.0",
                "0.9.9 < 1.0.0-alpha",
                // numeric identifiers numerically, alphanumeric ones in ASCII order (11.4.1, 11.4.2)
                "1.0.0-2 < 1.0.0-10",
                "1.0.0-rc.2 < 1.0.0-rc.10",
                "1.0.0-Z < 1.0.0-a",
                "1.0.0-alpha-1 < 1.0.0-alpha1",
                // a numeric identifier ranks below an alphanumeric one (11.4.3)
                "1.0.0-999 < 1.0.0-a",
                "1.0.0-1 < 1.0.0-0a",
                // more identifiers win when the ones before are equal (11.4.4)
                "1.0.0-a.b < 1.0.0-a.b.c",
                // build metadata is ignored (10)
                "1.0.0+build.1 = 1.0.0",
                "1.0.0+build.2 = 1.0.0+build.10",
                "1.0.0-rc.1+build.1 = 1.0.0-rc.1+other",
                "v1.2.3 = 1.2.3"
            })
    void precedence(String left, String relation, String right) {
        int expected = relation.equals("<") ? -1 : relation.equals(">") ? 1 : 0;

        assertThat(compare(left, right)).as("%s %s %s", left, relation, right).isEqualTo(expected);
        assertThat(compare(right, left))
                .as("%s %s %s, reversed", left, relation, right)
                .isEqualTo(-expected);
    }

    @Test
    void buildMetadataIsKeptButIgnoredByPrecedence() {
        SemVer withBuild = SemVer.parse("1.0.0+build.1").orElseThrow();
        SemVer without = SemVer.parse("1.0.0").orElseThrow();

        assertThat(withBuild.compareTo(without)).isZero();
        assertThat(withBuild).isNotEqualTo(without);
        assertThat(withBuild.build()).isEqualTo("build.1");
        assertThat(withBuild.imageTag()).isEqualTo("v1.0.0_build.1");
    }

    private static int compare(String left, String right) {
        return SemVer.parse(left).orElseThrow().compareTo(SemVer.parse(right).orElseThrow());
    }
}
