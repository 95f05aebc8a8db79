package dev.cicd.scan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.cicd.scan.osv.Severity;
import java.util.List;

/**
 * The outcome of scanning one image: every finding, what the waivers did, and the gate's verdict.
 * Written to {@code target/cicd/scan/scan-result.json}; {@code cicd:verify} fails on it.
 *
 * @param image the image scanned
 * @param os the operating system found in it
 * @param packages how many packages the inventory found
 * @param advisories how many advisories were matched against
 * @param threshold the gate: findings at or above it block; null when the gate only reports
 * @param findings every finding, most severe first
 * @param expiredWaivers waivers that no longer apply (past their expiry)
 * @param warnings what the inventory could not read
 */
public record ScanResult(
        String image,
        String os,
        int packages,
        int advisories,
        Severity threshold,
        List<Row> findings,
        List<ScanWaivers.Waiver> expiredWaivers,
        List<String> warnings) {

    /** One finding as reported. */
    public record Row(
            String advisory,
            List<String> aliases,
            String packageName,
            String ecosystem,
            String installed,
            List<String> fixedIn,
            Severity severity,
            Double score,
            String location,
            String purl,
            String summary,
            boolean blocking,
            ScanWaivers.Waiver waiver) {

        /** {@code HIGH  libssl3 3.0.11-1  DSA-5532-1 (CVE-2023-5678)  fixed in 3.0.13-1}, as a gate lists it. */
        public String describe() {
            return severity + "  " + packageName + " " + installed + "  " + advisory
                    + (aliases.isEmpty() ? "" : " (" + String.join(", ", aliases) + ")")
                    + (fixedIn.isEmpty() ? "  no fixed version yet" : "  fixed in " + String.join(", ", fixedIn));
        }
    }

    @JsonIgnore
    public List<Row> blocking() {
        return findings.stream().filter(Row::blocking).toList();
    }

    @JsonIgnore
    public boolean passed() {
        return blocking().isEmpty();
    }
}
