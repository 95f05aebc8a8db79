package dev.cicd.promote;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cicd.common.CicdException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a release build of one image digest passed, attached to the image in the registry so that a
 * promotion, on any machine and later, can check it.
 *
 * @param schema the format, {@code cicd.dev/evidence/v1}
 * @param service the service
 * @param version the version (SemVer, without v)
 * @param image the image reference pushed (with tag)
 * @param imageDigest the image's manifest digest, the subject of this evidence
 * @param revision the source commit
 * @param branch the branch built
 * @param ci the CI system
 * @param authors who made the release (commit author, CI user), for the four-eyes rule
 * @param createdAt when the evidence was recorded (ISO-8601)
 * @param tests the test verdict
 * @param policy the chart policy verdict
 * @param scan the vulnerability scan verdict, null when no scan ran
 * @param chart the chart released with the image
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Evidence(
        String schema,
        String service,
        String version,
        String image,
        String imageDigest,
        String revision,
        String branch,
        String ci,
        List<String> authors,
        String createdAt,
        Tests tests,
        Policy policy,
        Scan scan,
        Chart chart) {

    public static final String SCHEMA = "cicd.dev/evidence/v1";

    /**
     * The gates (tests, policy, scan) this evidence does not pass, each with why; an evidence without
     * a result for a gate does not pass it.
     *
     * @throws CicdException naming the known gates when one is unknown
     */
    public List<String> failedGates(List<String> gates) {
        List<String> failed = new ArrayList<>();
        for (String gate : gates) {
            switch (gate.trim().toLowerCase(Locale.ROOT)) {
                case "tests" -> {
                    if (tests == null || !"PASSED".equals(tests.status())) {
                        failed.add("tests: " + (tests == null ? "no test result" : tests.status()));
                    }
                }
                case "policy" -> {
                    if (policy == null || !policy.passed()) {
                        failed.add("policy: "
                                + (policy == null ? "no policy result" : policy.violations() + " violations"));
                    }
                }
                case "scan" -> {
                    if (scan == null || !scan.passed()) {
                        failed.add("scan: "
                                + (scan == null
                                        ? "no scan result"
                                        : scan.blocking() + " blocking findings at " + scan.threshold()
                                                + " and above"));
                    }
                }
                default ->
                    throw CicdException.project(
                            "unknown production gate '" + gate + "'; gates are tests, policy, scan");
            }
        }
        return failed;
    }

    /**
     * The verdicts in one line, as every goal that shows evidence prints them:
     * {@code tests PASSED (12 tests), policy passed, scan passed (HIGH and above)}.
     */
    public String summary() {
        String testPart = tests == null
                ? "tests not run"
                : "tests " + tests.status() + " (" + tests.tests() + (tests.tests() == 1 ? " test)" : " tests)");
        String policyPart = policy == null ? "policy not checked" : "policy " + (policy.passed() ? "passed" : "failed");
        String scanPart = scan == null
                ? "scan not run"
                : "scan " + (scan.passed() ? "passed" : "failed") + " ("
                        + ("none".equals(scan.threshold()) ? "report only" : scan.threshold() + " and above") + ")";
        return testPart + ", " + policyPart + ", " + scanPart;
    }

    public static final String ARTIFACT_TYPE = "application/vnd.cicd.evidence.v1+json";

    /** Test counts and the verdict ({@code PASSED}, {@code FAILED}, ...). */
    public record Tests(String status, int tests, int failures, int errors, int skipped) {}

    /** Whether the rendered chart passed the policy, and how many violations were waived. */
    public record Policy(boolean passed, int violations, int waived) {}

    /** The scan gate's verdict and the findings at or above the gate. */
    public record Scan(boolean passed, String threshold, int findings, int blocking) {}

    /** The chart: name, version, where it was pushed and its digests. */
    public record Chart(String name, String version, String reference, String digest, String archiveDigest) {}
}
