package dev.cicd.chart.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.cicd.common.CicdException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyWaiverTest {

    private static final String BAD = Manifests.read("bad-chart.yaml");

    @Test
    void aWaiverSuppressesOnlyItsRuleOnItsResource() {
        PolicyWaiver waiver = new PolicyWaiver(
                "SEC-NONROOT",
                "the cleanup image needs root to chown the volume; " + "tracked in SHOP-412",
                "CronJob/cleanup");

        PolicyReport report = new PolicyChecker(List.of(waiver)).check("dev", BAD);

        assertThat(report.waived()).singleElement().satisfies(w -> {
            assertThat(w.waiver()).isEqualTo(waiver);
            assertThat(w.violation().resource()).isEqualTo("CronJob/cleanup");
            assertThat(w.violation().rule()).isEqualTo("SEC-NONROOT");
        });
        assertThat(report.violations())
                .extracting(PolicyViolation::resource, PolicyViolation::rule)
                .contains(tuple("Deployment/delivery", "SEC-NONROOT"), tuple("CronJob/cleanup", "IMG-TAG"))
                .doesNotContain(tuple("CronJob/cleanup", "SEC-NONROOT"))
                .hasSize(8);
        assertThat(report.unusedWaivers()).isEmpty();
    }

    @Test
    void aWaiverWithoutResourceCoversTheRuleEverywhere() {
        PolicyWaiver waiver = PolicyWaiver.of("SEC-PRIVESC", "the cluster's admission policy sets it for every pod");

        PolicyReport report = new PolicyChecker(List.of(waiver)).check("dev", BAD);

        assertThat(report.waived())
                .extracting(w -> w.violation().resource())
                .containsExactly("Deployment/delivery", "StatefulSet/cache");
        assertThat(report.violations())
                .extracting(PolicyViolation::rule)
                .doesNotContain("SEC-PRIVESC")
                .hasSize(7);
    }

    @Test
    void allViolationsWaivedMeansPassed() {
        List<PolicyWaiver> waivers = PolicyRules.all().stream()
                .map(rule -> PolicyWaiver.of(rule.id(), "legacy chart, replaced in Q3"))
                .toList();

        PolicyReport report = new PolicyChecker(waivers).check("dev", BAD);

        assertThat(report.passed()).isTrue();
        assertThat(report.waived()).hasSize(9);
        assertThat(report.unusedWaivers()).extracting(PolicyWaiver::rule).containsExactly("RES-REQUESTS");
    }

    @Test
    void aWaiverThatMatchesNothingIsReportedAsUnused() {
        PolicyWaiver stale = new PolicyWaiver("RES-LIMITS", "batch job bounded by activeDeadlineSeconds", "Job/*");

        PolicyReport report = new PolicyChecker(List.of(stale)).check("dev", BAD);

        assertThat(report.waived()).isEmpty();
        assertThat(report.unusedWaivers()).containsExactly(stale);
    }

    @Test
    void aWaiverUsedInOneEnvironmentIsNotUnused() {
        PolicyWaiver waiver = new PolicyWaiver("IMG-TAG", "dev follows the nightly build on purpose", "Deployment/*");
        String good = Manifests.read("good-chart.yaml");

        PolicyReport report = new PolicyChecker(List.of(waiver))
                .check(Map.of("dev", good.replace("delivery:1.4.2\"", "delivery:latest\""), "prod", good));

        assertThat(report.passed()).isTrue();
        assertThat(report.waived()).hasSize(1);
        assertThat(report.unusedWaivers()).isEmpty();
    }

    @ParameterizedTest(name = "reason [{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\t\n"})
    void aWaiverWithoutReasonIsRefused(String reason) {
        assertThatThrownBy(() -> new PolicyWaiver("SEC-NONROOT", reason, "Deployment/delivery"))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("SEC-NONROOT")
                .hasMessageContaining("Deployment/delivery")
                .hasMessageContaining("reason is required")
                .satisfies(e -> assertThat(((CicdException) e).kind()).isEqualTo(CicdException.Kind.PROJECT));
    }

    @Test
    void anUnknownRuleIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> PolicyWaiver.of("SEC-ROOT", "typo"))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("unknown rule 'SEC-ROOT'")
                .hasMessageContaining("IMG-TAG, SEC-NONROOT, SEC-PRIVESC, RES-REQUESTS, RES-LIMITS, "
                        + "META-CHANGE-CAUSE, META-LABELS");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void aWaiverWithoutRuleIsRefused(String rule) {
        assertThatThrownBy(() -> PolicyWaiver.of(rule, "because"))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("no rule")
                .hasMessageContaining("IMG-TAG");
    }

    @ParameterizedTest
    @ValueSource(strings = {"delivery", "Deployment/", "/delivery", "Deployment delivery", "Deployment/a/b"})
    void aResourceThatIsNotKindSlashNameIsRefused(String resource) {
        assertThatThrownBy(() -> new PolicyWaiver("IMG-TAG", "because", resource))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("Kind/name");
    }

    @Test
    void ruleIdsReasonsAndResourcesAreNormalised() {
        PolicyWaiver waiver = new PolicyWaiver(" sec-nonroot ", "  needs root  ", " ");

        assertThat(waiver).isEqualTo(new PolicyWaiver("SEC-NONROOT", "needs root", null));
    }

    @ParameterizedTest(name = "{0} covers {1}/{2}: {3}")
    @CsvSource(nullValues = "NULL", textBlock = """
            NULL,                 Deployment, delivery,     true
            Deployment/delivery,  Deployment, delivery,     true
            deployment/delivery,  Deployment, delivery,     true
            Deployment/delivery,  Deployment, delivery-api, false
            Deployment/Delivery,  Deployment, delivery,     false
            Deployment/delivery,  StatefulSet, delivery,    false
            Deployment/deliv*,    Deployment, delivery-api, true
            */delivery,           CronJob,    delivery,     true
            Job/*,                Job,        migrate,      true
            Job/*,                CronJob,    migrate,      false
            Job/migrate-?,        Job,        migrate-1,    true
            Job/migrate-?,        Job,        migrate-10,   false
            Job/db.migrate,       Job,        dbxmigrate,   false
            """)
    void resourcesMatchByKindAndNameGlobs(String resource, String kind, String name, boolean covered) {
        PolicyWaiver waiver = new PolicyWaiver("IMG-TAG", "because", resource);
        PolicyViolation violation = new PolicyViolation("IMG-TAG", "dev", kind, name, "app", "m", "f");

        assertThat(waiver.appliesTo(violation)).isEqualTo(covered);
        assertThat(waiver.appliesTo(new PolicyViolation("SEC-NONROOT", "dev", kind, name, "app", "m", "f")))
                .isFalse();
    }
}
