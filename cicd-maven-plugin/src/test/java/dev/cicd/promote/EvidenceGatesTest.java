package dev.cicd.promote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The production gates read the evidence a release build attached to the image. */
class EvidenceGatesTest {

    private static Evidence evidence(Evidence.Tests tests, Evidence.Policy policy, Evidence.Scan scan) {
        return new Evidence(
                Evidence.SCHEMA,
                "delivery",
                "v1.0.0",
                "127.0.0.1:5000/delivery:v1.0.0",
                "sha256:" + "a".repeat(64),
                "abc",
                "release/delivery/v1.0.0",
                "local",
                List.of(),
                "2026-11-26T00:00:00Z",
                tests,
                policy,
                scan,
                null);
    }

    private static final Evidence.Tests PASSED = new Evidence.Tests("PASSED", 6, 0, 0, 0);
    private static final Evidence.Policy CLEAN = new Evidence.Policy(true, 0, 0);

    @Test
    void aPassingScanPassesTheScanGate() {
        Evidence passing = evidence(PASSED, CLEAN, new Evidence.Scan(true, "HIGH", 3, 0));

        assertThat(passing.failedGates(List.of("tests", "policy", "scan"))).isEmpty();
    }

    @Test
    void aBlockingScanOrNoScanFailsTheScanGateOnlyWhenRequired() {
        Evidence blocked = evidence(PASSED, CLEAN, new Evidence.Scan(false, "HIGH", 4, 2));
        Evidence unscanned = evidence(PASSED, CLEAN, null);

        assertThat(blocked.failedGates(List.of("tests", "policy", "scan")))
                .containsExactly("scan: 2 blocking findings at HIGH and above");
        assertThat(unscanned.failedGates(List.of("tests", "policy", "scan"))).containsExactly("scan: no scan result");
        assertThat(blocked.failedGates(List.of("tests", "policy"))).isEmpty();
    }

    @Test
    void everyFailingGateIsNamedAndUnknownGatesAreRefused() {
        Evidence failing = evidence(new Evidence.Tests("FAILED", 6, 1, 0, 0), new Evidence.Policy(false, 2, 0), null);

        assertThat(failing.failedGates(List.of("tests", "policy", "scan")))
                .containsExactly("tests: FAILED", "policy: 2 violations", "scan: no scan result");
        assertThatThrownBy(() -> failing.failedGates(List.of("lint")))
                .hasMessageContaining("unknown production gate 'lint'");
    }
}
