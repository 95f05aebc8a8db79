package dev.cicd.chart.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.cicd.common.CicdException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyCheckerTest {

    private static final String GOOD = Manifests.read("good-chart.yaml");
    private final PolicyChecker checker = new PolicyChecker(List.of());

    @Test
    void aChartThatFollowsEveryRulePasses() {
        PolicyReport report = checker.check("dev", GOOD);

        assertThat(report.violations()).isEmpty();
        assertThat(report.passed()).isTrue();
    }

    /** Each case breaks exactly one thing in the good chart, so exactly one rule must fire. */
    static Stream<Arguments> brokenCharts() {
        return Stream.of(
                Arguments.of("IMG-TAG", "app", "delivery:1.4.2\"", "delivery:latest\"", "uses tag 'latest'"),
                Arguments.of("IMG-TAG", "app", "delivery:1.4.2\"", "delivery\"", "has no tag"),
                Arguments.of("IMG-TAG", "app", "delivery:1.4.2\"", "delivery:\"", "empty tag"),
                Arguments.of(
                        "SEC-NONROOT",
                        "app",
                        "        runAsNonRoot: true\n        runAsUser: 10001\n",
                        "",
                        "runs as root (no runAsNonRoot, no runAsUser)"),
                Arguments.of(
                        "SEC-NONROOT",
                        "app",
                        "runAsUser: 10001\n",
                        "runAsUser: 0\n",
                        "runs as root (runAsUser: 0 from the pod securityContext); with runAsNonRoot: true"),
                Arguments.of(
                        "SEC-NONROOT",
                        "app",
                        "        runAsNonRoot: true\n        runAsUser: 10001\n",
                        "        runAsNonRoot: false\n",
                        "may run as root (runAsNonRoot: false from the pod securityContext, no runAsUser)"),
                Arguments.of(
                        "SEC-PRIVESC",
                        "app",
                        "            allowPrivilegeEscalation: false\n",
                        "",
                        "allowPrivilegeEscalation is not set"),
                Arguments.of(
                        "SEC-PRIVESC",
                        "app",
                        "allowPrivilegeEscalation: false",
                        "allowPrivilegeEscalation: true",
                        "allowPrivilegeEscalation: true"),
                Arguments.of(
                        "SEC-PRIVESC",
                        "app",
                        "allowPrivilegeEscalation: false\n",
                        "allowPrivilegeEscalation: false\n            privileged: true\n",
                        "runs privileged"),
                Arguments.of(
                        "RES-REQUESTS",
                        "app",
                        "              cpu: 100m\n              memory: 256Mi\n",
                        "              cpu: 100m\n",
                        "missing resources.requests: memory"),
                Arguments.of(
                        "RES-REQUESTS",
                        "app",
                        "            requests:\n              cpu: 100m\n              memory: 256Mi\n",
                        "",
                        "missing resources.requests: cpu, memory"),
                Arguments.of("RES-LIMITS", "app", "              cpu: 500m\n", "", "missing resources.limits: cpu"),
                Arguments.of(
                        "RES-LIMITS",
                        "app",
                        "              memory: 512Mi\n",
                        "              memory: \"\"\n",
                        "missing resources.limits: memory"),
                Arguments.of(
                        "META-CHANGE-CAUSE",
                        null,
                        "  annotations:\n    kubernetes.io/change-cause: \"delivery 1.4.2 (commit 3f2c9ab)\"\n",
                        "",
                        "no kubernetes.io/change-cause annotation"),
                Arguments.of(
                        "META-CHANGE-CAUSE",
                        null,
                        "\"delivery 1.4.2 (commit 3f2c9ab)\"",
                        "\"\"",
                        "kubernetes.io/change-cause annotation is empty"),
                Arguments.of(
                        "META-LABELS",
                        null,
                        "    app.kubernetes.io/version: \"1.4.2\"\n    app.kubernetes.io/managed-by: Helm\n  annotations:",
                        "    app.kubernetes.io/managed-by: Helm\n  annotations:",
                        "missing label app.kubernetes.io/version"));
    }

    @ParameterizedTest(name = "{0}: {4}")
    @MethodSource("brokenCharts")
    void eachRuleFiresOnTheThingItChecks(
            String rule, String container, String passage, String replacement, String message) {
        PolicyReport report = checker.check("dev", Manifests.replace(GOOD, passage, replacement));

        assertThat(report.violations()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(rule);
            assertThat(v.environment()).isEqualTo("dev");
            assertThat(v.resource()).isEqualTo("Deployment/delivery");
            assertThat(v.container()).isEqualTo(container);
            assertThat(v.message()).contains(message);
            assertThat(v.fix()).isEqualTo(PolicyRules.find(rule).orElseThrow().fix());
        });
        assertThat(report.passed()).isFalse();
    }

    /** Variations that look risky but are fine. */
    static Stream<Arguments> acceptableVariations() {
        return Stream.of(
                Arguments.of("pinned by digest only", "delivery:1.4.2\"", "delivery@sha256:" + "a".repeat(64) + "\""),
                Arguments.of(
                        "latest tag, but the digest pins it",
                        "delivery:1.4.2\"",
                        "delivery:latest@sha256:" + "0123456789abcdef".repeat(4) + "\""),
                Arguments.of("runAsUser alone is enough", "        runAsNonRoot: true\n", ""),
                Arguments.of("runAsNonRoot alone is enough", "        runAsUser: 10001\n", ""),
                Arguments.of(
                        "numbers without units and unquoted versions",
                        "              cpu: 500m\n              memory: 512Mi\n",
                        "              cpu: 1\n              memory: 536870912\n"),
                Arguments.of(
                        "resources in flow style",
                        "            limits:\n              cpu: 500m\n              memory: 512Mi\n",
                        "            limits: {cpu: 500m, memory: 512Mi}\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptableVariations")
    void acceptableVariationsPass(String description, String passage, String replacement) {
        assertThat(checker.check("dev", Manifests.replace(GOOD, passage, replacement))
                        .violations())
                .isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", textBlock = """
            registry.example.com/shop/delivery:1.4.2,            NULL
            delivery:1.4.2,                                      NULL
            localhost:5000/shop/delivery:1.4.2,                  NULL
            delivery@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08, NULL
            delivery:latest@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08, NULL
            delivery:LATEST,                                     uses tag 'latest'
            registry.example.com/shop/delivery:latest,           uses tag 'latest'
            delivery,                                            has no tag
            localhost:5000/shop/delivery,                        has no tag
            delivery:,                                           empty tag
            delivery@sha256:,                                    invalid digest
            delivery:1.0@sha256:abc,                             invalid digest
            '',                                                  no image set
            """)
    void imageReferences(String image, String problem) {
        String found = PolicyChecker.imageProblem(image);

        if (problem == null) {
            assertThat(found).isNull();
        } else {
            assertThat(found).contains(problem);
        }
    }

    /** The container's securityContext overrides the pod's field by field, as the kubelet applies it. */
    @ParameterizedTest(name = "pod [{0}] container [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            runAsNonRoot: true                     | NULL                                   | NULL
            runAsUser: 1000                        | NULL                                   | NULL
            NULL                                   | runAsNonRoot: true                     | NULL
            NULL                                   | runAsUser: 1000                        | NULL
            runAsUser: 0                           | runAsUser: 1000                        | NULL
            runAsNonRoot: false                    | runAsNonRoot: true                     | NULL
            runAsNonRoot: true                     | runAsNonRoot: false                    | may run as root (runAsNonRoot: false, no runAsUser)
            runAsUser: 1000                        | runAsUser: 0                           | runs as root (runAsUser: 0)
            runAsNonRoot: true                     | runAsUser: 0                           | runs as root (runAsUser: 0); with runAsNonRoot: true
            {runAsNonRoot: true, runAsUser: 0}     | NULL                                   | runs as root (runAsUser: 0 from the pod securityContext)
            {runAsNonRoot: true, runAsUser: 1000}  | {runAsNonRoot: true, runAsUser: 0}     | runs as root (runAsUser: 0)
            NULL                                   | NULL                                   | runs as root (no runAsNonRoot, no runAsUser)
            NULL                                   | runAsUser: "1000"                      | runAsUser '1000' is not a user id
            """)
    void podAndContainerSecurityContexts(String pod, String container, String problem) {
        String yaml = Manifests.pod(
                pod == null ? null : "securityContext: {" + fields(pod) + "}",
                "securityContext: {" + (container == null ? "" : fields(container) + ", ")
                        + "allowPrivilegeEscalation: false}");

        List<PolicyViolation> violations = checker.check("dev", yaml).violations();

        if (problem == null) {
            assertThat(violations).isEmpty();
        } else {
            assertThat(violations).singleElement().satisfies(v -> {
                assertThat(v.rule()).isEqualTo("SEC-NONROOT");
                assertThat(v.resource()).isEqualTo("Pod/probe");
                assertThat(v.message()).startsWith(problem);
            });
        }
    }

    private static String fields(String fields) {
        return fields.startsWith("{") ? fields.substring(1, fields.length() - 1) : fields;
    }

    @Test
    void severalViolationsInSeveralDocumentsAreAllReportedAtOnce() {
        PolicyReport report = checker.check("dev", Manifests.read("bad-chart.yaml"));

        assertThat(report.violations())
                .extracting(PolicyViolation::resource, PolicyViolation::container, PolicyViolation::rule)
                .containsExactly(
                        tuple("Deployment/delivery", "app", "IMG-TAG"),
                        tuple("Deployment/delivery", "app", "SEC-NONROOT"),
                        tuple("Deployment/delivery", "app", "SEC-PRIVESC"),
                        tuple("Deployment/delivery", "app", "RES-LIMITS"),
                        tuple("Deployment/delivery", null, "META-CHANGE-CAUSE"),
                        tuple("Deployment/delivery", null, "META-LABELS"),
                        tuple("CronJob/cleanup", "cleanup", "SEC-NONROOT"),
                        tuple("CronJob/cleanup", "wait-for-db", "IMG-TAG"),
                        tuple("StatefulSet/cache", "redis", "SEC-PRIVESC"));
        assertThat(report.violations())
                .filteredOn(v -> v.rule().equals("META-LABELS"))
                .singleElement()
                .extracting(PolicyViolation::message)
                .isEqualTo("missing labels app.kubernetes.io/instance, app.kubernetes.io/version");
        assertThat(report.violations())
                .filteredOn(v -> v.resource().equals("CronJob/cleanup"))
                .first()
                .extracting(PolicyViolation::message)
                .asString()
                .startsWith("runs as root (runAsUser: 0)");
    }

    @Test
    void resourceRulesApplyToDeploymentsOnly() {
        PolicyReport report = checker.check("dev", Manifests.read("bad-chart.yaml"));

        assertThat(report.violations())
                .filteredOn(v -> v.rule().startsWith("META-"))
                .extracting(PolicyViolation::kind)
                .containsOnly("Deployment");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            Pod,                   spec
            Deployment,            spec.template.spec
            StatefulSet,           spec.template.spec
            DaemonSet,             spec.template.spec
            ReplicaSet,            spec.template.spec
            ReplicationController, spec.template.spec
            Job,                   spec.template.spec
            CronJob,               spec.jobTemplate.spec.template.spec
            """)
    void everyWorkloadKindHasItsContainersChecked(String kind, String podSpecPath) {
        String[] path = podSpecPath.split("\\.");
        StringBuilder yaml = new StringBuilder("kind: " + kind + "\nmetadata:\n  name: w\n");
        String indent = "";
        for (String key : path) {
            yaml.append(indent).append(key).append(":\n");
            indent += "  ";
        }
        yaml.append(indent)
                .append("containers:\n")
                .append(indent)
                .append("  - name: main\n")
                .append(indent)
                .append("    image: example/main\n");

        List<PolicyViolation> violations = checker.check("dev", yaml.toString()).violations();

        assertThat(violations)
                .filteredOn(v -> v.container() != null)
                .extracting(PolicyViolation::rule)
                .containsExactly("IMG-TAG", "SEC-NONROOT", "SEC-PRIVESC", "RES-REQUESTS", "RES-LIMITS");
    }

    @Test
    void ephemeralContainersAndOtherKindsAreNotChecked() {
        String yaml = """
                apiVersion: v1
                kind: Pod
                metadata: {name: debug}
                spec:
                  securityContext: {runAsNonRoot: true}
                  containers:
                    - name: main
                      image: example/main:1.0
                      securityContext: {allowPrivilegeEscalation: false}
                      resources: {requests: {cpu: 1, memory: 1Gi}, limits: {cpu: 1, memory: 1Gi}}
                  ephemeralContainers:
                    - name: shell
                      image: busybox
                ---
                apiVersion: example.com/v1
                kind: Workflow
                metadata: {name: custom}
                spec:
                  template:
                    spec:
                      containers:
                        - name: step
                          image: busybox
                """;

        assertThat(checker.check("dev", yaml).violations()).isEmpty();
    }

    @Test
    void listsAreExpandedIntoTheirItems() {
        PolicyReport report = checker.check("dev", Manifests.read("list.yaml"));

        assertThat(report.violations())
                .extracting(PolicyViolation::resource, PolicyViolation::container, PolicyViolation::rule)
                .containsExactly(
                        tuple("Job/migrate", "migrate", "SEC-NONROOT"),
                        tuple("Job/migrate", "migrate", "SEC-PRIVESC"),
                        tuple("Deployment/worker", "worker", "SEC-PRIVESC"));
    }

    @Test
    void emptyAndNonMapDocumentsAreIgnored() {
        String yaml = """
                ---
                # Source: delivery/templates/empty-when-disabled.yaml
                ---
                just a string
                ---
                - a
                - list
                ---
                ---
                """ + GOOD;

        assertThat(checker.check("dev", yaml).violations()).isEmpty();
        assertThat(checker.check("dev", "").passed()).isTrue();
        assertThat(checker.check("dev", "# nothing rendered\n").passed()).isTrue();
    }

    @Test
    void containersWithoutNameAreNamedByPosition() {
        String yaml = Manifests.replace(GOOD, "        - name: app\n          image:", "        - image:");

        assertThat(checker.check("dev", Manifests.replace(yaml, "delivery:1.4.2\"", "delivery:latest\""))
                        .violations())
                .singleElement()
                .extracting(PolicyViolation::container)
                .isEqualTo("containers[0]");
    }

    @Test
    void malformedYamlNamesTheEnvironmentLineAndTemplate() {
        String broken =
                GOOD.replace("          imagePullPolicy: IfNotPresent\n", "          imagePullPolicy: [IfNotPresent\n");
        int line = lineOf(broken, "imagePullPolicy: [IfNotPresent");

        assertThatThrownBy(() -> checker.check("staging", broken))
                .isInstanceOf(CicdException.class)
                .satisfies(e -> assertThat(((CicdException) e).kind()).isEqualTo(CicdException.Kind.PROJECT))
                .hasMessageContaining("environment 'staging'")
                .hasMessageContaining("delivery/templates/deployment.yaml")
                .hasMessageMatching("(?s).*line (\\d+).*")
                .satisfies(e -> {
                    int reported = Integer.parseInt(e.getMessage().replaceAll("(?s).*line (\\d+).*", "$1"));
                    // The parser notices an unclosed flow sequence on the line itself or the next ones.
                    assertThat(reported).isBetween(line, line + 3);
                });
    }

    @Test
    void badIndentationIsReportedOnItsLine() {
        String yaml = "kind: Deployment\nmetadata:\n  name: x\n   labels: {}\n";

        assertThatThrownBy(() -> checker.check("dev", yaml))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("environment 'dev'")
                .hasMessageContaining("line 4");
    }

    @Test
    void duplicateKeysAreRefusedBecauseTheyHideValues() {
        String yaml = Manifests.replace(
                GOOD, "        runAsNonRoot: true\n", "        runAsNonRoot: true\n        runAsNonRoot: false\n");

        assertThatThrownBy(() -> checker.check("dev", yaml))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("line " + (lineOf(yaml, "runAsNonRoot: false")))
                .hasMessageContaining("runAsNonRoot");
    }

    @Test
    void aliasBombsAreRefused() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 30; i++) {
            String prev = "*a" + (i - 1);
            yaml.append("a")
                    .append(i)
                    .append(": &a")
                    .append(i)
                    .append(" [")
                    .append(String.join(", ", Collections.nCopies(10, prev)))
                    .append("]\n");
        }

        assertThatThrownBy(() -> checker.check("dev", yaml.toString()))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("aliases");
    }

    @Test
    void javaTypeTagsAreRefused() {
        String yaml = "kind: Pod\nmetadata: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]\n";

        assertThatThrownBy(() -> checker.check("dev", yaml))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void everyEnvironmentIsCheckedAndNamedInItsViolations() {
        Map<String, String> rendered = new LinkedHashMap<>();
        rendered.put("dev", GOOD.replace("delivery:1.4.2\"", "delivery:latest\""));
        rendered.put("test", GOOD);
        rendered.put("prod", GOOD.replace("            allowPrivilegeEscalation: false\n", ""));

        PolicyReport report = checker.check(rendered);

        assertThat(report.violations())
                .extracting(PolicyViolation::environment, PolicyViolation::rule)
                .containsExactly(tuple("dev", "IMG-TAG"), tuple("prod", "SEC-PRIVESC"));
    }

    @Test
    void everyRuleHasAStableIdATitleAndAFix() {
        assertThat(PolicyRules.all())
                .extracting(PolicyRule::id)
                .containsExactly(
                        "IMG-TAG",
                        "SEC-NONROOT",
                        "SEC-PRIVESC",
                        "RES-REQUESTS",
                        "RES-LIMITS",
                        "META-CHANGE-CAUSE",
                        "META-LABELS");
        assertThat(PolicyRules.all()).allSatisfy(rule -> {
            assertThat(rule.title()).isNotBlank();
            assertThat(rule.fix()).isNotBlank();
        });
        assertThat(PolicyRules.find("IMG-TAG").orElseThrow().fix())
                .isEqualTo("pin the image to a version tag or digest (values: image.tag / image.digest)");
    }

    private static int lineOf(String text, String passage) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(passage)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line contains " + passage);
    }
}
