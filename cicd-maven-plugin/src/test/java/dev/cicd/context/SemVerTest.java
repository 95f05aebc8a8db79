package dev.cicd.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
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
}
