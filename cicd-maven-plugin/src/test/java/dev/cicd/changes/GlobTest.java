package dev.cicd.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cicd.common.CicdException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
        "**/*.md, README.md, true",
        "**/*.md, docs/a/b.md, true",
        "**/*.md, docs/a/b.mdx, false",
        "*.md, README.md, true",
        "*.md, docs/guide.md, false",
        "docs/**, docs/guide.md, true",
        "docs/**, docs, false",
        "docs/**, documents/x, false",
        "docs, docs/a/b.txt, true",
        "docs/, docs/a/b.txt, true",
        "./docs/, docs/a/b.txt, true",
        "/docs/**, docs/a/b.txt, true",
        "libs/proto/**, libs/proto/orders.proto, true",
        "libs/proto/**, libs/protocols/x, false",
        "shared/config.yaml, shared/config.yaml, true",
        "shared/config.yaml, shared/config.yml, false",
        "shared/config.y?ml, shared/config.yaml, true",
        "shared/config.y?ml, shared/config.yml, false",
        "src/*/api/**, src/orders/api/x.proto, true",
        "src/*/api/**, src/orders/v1/api/x.proto, false",
        "src/**/api/**, src/orders/v1/api/x.proto, true",
        "src/**/api, src/api, true",
        "**, anything/at/all, true",
        "'*.{md,txt}', notes.txt, true",
        "'*.{md,txt}', notes.java, false",
        "[!.]*, .gitignore, false",
        "[!.]*, pom.xml, true",
        "file(1).txt, file(1).txt, true",
        "a+b.txt, aab.txt, false",
        "*/**, pom.xml, false",
        "*/**, docs/guide.md, true",
    })
    void matches(String glob, String path, boolean expected) {
        assertThat(Glob.compile(glob).matches(path)).isEqualTo(expected);
    }

    @Test
    void windowsSeparatorsAreGitSeparators() {
        assertThat(Glob.compile("libs\\proto\\**").matches("libs/proto/a.proto"))
                .isTrue();
    }

    @Test
    void brokenPatternsAreTheProjectsToFix() {
        assertThatThrownBy(() -> Glob.compile("src/[abc"))
                .isInstanceOfSatisfying(
                        CicdException.class, e -> assertThat(e.kind()).isEqualTo(CicdException.Kind.PROJECT));
        assertThatThrownBy(() -> Glob.compile(" / "))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("Empty path pattern");
    }
}
