package dev.cicd.chart.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cicd.common.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyReportTest {

    private static final String GOOD = Manifests.read("good-chart.yaml");
    private static final String BAD = Manifests.read("bad-chart.yaml");

    @Test
    void linesShowEveryViolationAsAnAlignedTable() {
        PolicyReport report = new PolicyChecker(List.of()).check("dev", BAD);

        List<String> lines = report.lines();

        assertThat(lines.get(0)).isEqualTo("Chart policy: 9 violations in 3 resources");
        assertThat(lines).hasSize(10);
        assertThat(lines.get(2))
                .matches(
                        "  Deployment/delivery  container app +  SEC-NONROOT +  runs as root \\(no runAsNonRoot, no runAsUser\\)"
                                + " +  fix: set securityContext.runAsNonRoot: true and a non-zero runAsUser");
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).startsWith("  CronJob/cleanup      container wait-for-db  IMG-TAG"));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .matches("  Deployment/delivery +META-LABELS +  missing labels app.kubernetes.io/instance, "
                                + "app.kubernetes.io/version  fix: .*"));
        // Aligned columns: the rule starts at the same place on every row.
        assertThat(lines.subList(1, lines.size()))
                .extracting(l -> l.indexOf(ruleOf(l)))
                .containsOnly(lines.get(1).indexOf("  IMG-TAG "));
        assertThat(lines).noneMatch(l -> l.endsWith(" "));
    }

    @Test
    void waivedAndUnusedWaiversAreListedWithTheirReasons() {
        List<PolicyWaiver> waivers = List.of(
                new PolicyWaiver("SEC-PRIVESC", "redis needs privileged for sysctl; SHOP-77", "StatefulSet/cache"),
                new PolicyWaiver("RES-LIMITS", "bounded by activeDeadlineSeconds", "Job/*"));

        List<String> lines = new PolicyChecker(waivers).check("dev", BAD).lines();

        assertThat(lines.get(0)).isEqualTo("Chart policy: 8 violations in 2 resources, 1 waived, 1 unused waiver");
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .matches("  waived: StatefulSet/cache +container redis +SEC-PRIVESC +runs privileged.*"
                                + "  reason: redis needs privileged for sysctl; SHOP-77"));
        assertThat(lines)
                .last()
                .isEqualTo("  unused waiver: RES-LIMITS on Job/* (reason: bounded by"
                        + " activeDeadlineSeconds) matched nothing; remove it if it is no longer needed");
    }

    @Test
    void aViolationInSeveralEnvironmentsIsOneRowNamingThem() {
        Map<String, String> rendered = new LinkedHashMap<>();
        String latest = GOOD.replace("delivery:1.4.2\"", "delivery:latest\"");
        rendered.put("dev", latest);
        rendered.put("test", latest);
        rendered.put("prod", GOOD.replace("            allowPrivilegeEscalation: false\n", ""));

        PolicyReport report = new PolicyChecker(List.of()).check(rendered);
        String privesc = "allowPrivilegeEscalation is not set (it defaults to true)";

        assertThat(report.violations()).hasSize(3);
        assertThat(report.lines())
                .containsExactly(
                        "Chart policy: 3 violations in 1 resource",
                        "  Deployment/delivery  container app  IMG-TAG      image registry.example.com/shop/delivery:latest"
                                + " uses tag 'latest', which changes under a running release"
                                + "  fix: pin the image to a version tag or digest (values: image.tag / image.digest)"
                                + "  [dev, test]",
                        "  Deployment/delivery  container app  SEC-PRIVESC  " + privesc
                                // messages are padded to at most 60 characters, so long ones do not push every fix far
                                // right
                                + " ".repeat(60 - privesc.length())
                                + "  fix: set securityContext.allowPrivilegeEscalation:"
                                + " false and do not run privileged  [prod]");
    }

    @Test
    void aPassingReportSaysSo() {
        PolicyReport report = new PolicyChecker(List.of()).check("dev", GOOD);

        assertThat(report.lines()).containsExactly("Chart policy: passed");
    }

    @Test
    void theReportRoundTripsThroughJson() throws Exception {
        PolicyWaiver waiver = new PolicyWaiver("SEC-NONROOT", "needs root to chown", "CronJob/cleanup");
        PolicyReport report =
                new PolicyChecker(List.of(waiver, PolicyWaiver.of("RES-REQUESTS", "not yet"))).check("dev", BAD);

        for (ObjectMapper mapper : List.of(Json.MAPPER, new ObjectMapper())) {
            String json = mapper.writeValueAsString(report);
            JsonNode tree = mapper.readTree(json);

            assertThat(tree.get("passed").asBoolean()).isFalse();
            assertThat(tree.get("violations")).hasSize(8);
            assertThat(tree.get("violations").get(0).fieldNames())
                    .toIterable()
                    .containsExactly("rule", "environment", "kind", "name", "container", "message", "fix");
            assertThat(tree.get("waived").get(0).get("waiver").get("reason").asText())
                    .isEqualTo("needs root to chown");
            assertThat(tree.get("unusedWaivers").get(0).get("rule").asText()).isEqualTo("RES-REQUESTS");
            assertThat(mapper.readValue(json, PolicyReport.class)).isEqualTo(report);
        }
    }

    private static String ruleOf(String line) {
        for (PolicyRule rule : PolicyRules.all()) {
            if (line.contains("  " + rule.id() + " ")) {
                return "  " + rule.id() + " ";
            }
        }
        throw new AssertionError("no rule in " + line);
    }
}
