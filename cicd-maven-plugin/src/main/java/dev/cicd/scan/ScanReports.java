package dev.cicd.scan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cicd.common.CicdException;
import dev.cicd.common.Json;
import dev.cicd.scan.inventory.Sboms;
import dev.cicd.scan.osv.Severity;
import dev.cicd.testresults.SurefireReportWriter;
import dev.cicd.testresults.TestCaseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.vulnerability.Vulnerability;
import org.cyclonedx.parsers.JsonParser;

/**
 * Writes a scan for people and machines under {@code target/cicd/scan/}: the table in the log,
 * {@code scan-result.json}, SARIF 2.1.0 (code-scanning pages), JUnit XML with one test case per
 * finding (CI test pages), the CycloneDX SBOM and a CycloneDX BOM with the vulnerabilities.
 */
public final class ScanReports {

    private ScanReports() {}

    /** The table: package, installed, fixed in, advisory and aliases, severity, and what the gate made of it. */
    public static List<String> table(ScanResult result) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "Scan of %s (%s): %d packages, %d advisories, %d findings%s",
                result.image(),
                Objects.toString(result.os(), "unknown OS"),
                result.packages(),
                result.advisories(),
                result.findings().size(),
                result.threshold() == null
                        ? ", gate: report only"
                        : ", gate: " + result.threshold() + " and above blocks"));
        if (!result.findings().isEmpty()) {
            lines.addAll(findingsTable(result.findings()));
        }
        for (ScanResult.Row row : result.findings()) {
            if (row.waiver() != null) {
                lines.add("  waiver applied: " + row.waiver().id() + " on " + row.packageName() + " until "
                        + row.waiver().expires() + ": " + row.waiver().reason());
            }
        }
        for (ScanWaivers.Waiver expired : result.expiredWaivers()) {
            lines.add("  waiver EXPIRED (no longer applies): " + expired.id()
                    + (expired.packageName() == null ? "" : " on " + expired.packageName()) + ", expired "
                    + expired.expires()
                    + ": renew it with a new date and reason, or fix the vulnerability");
        }
        for (String warning : result.warnings()) {
            lines.add("  inventory: " + warning);
        }
        lines.add(
                result.passed()
                        ? "Scan gate: passed"
                        : "Scan gate: " + result.blocking().size() + " finding(s) at or above " + result.threshold());
        return lines;
    }

    /** One line per finding under a header, in columns as wide as their widest cell (capped). */
    private static List<String> findingsTable(List<ScanResult.Row> findings) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PACKAGE", "INSTALLED", "FIXED IN", "ADVISORY", "SEVERITY", "GATE"});
        for (ScanResult.Row row : findings) {
            String advisory =
                    row.advisory() + (row.aliases().isEmpty() ? "" : " (" + String.join(", ", row.aliases()) + ")");
            String gate =
                    row.waiver() != null ? "waived until " + row.waiver().expires() : row.blocking() ? "BLOCKS" : "";
            rows.add(new String[] {
                row.packageName(),
                row.installed(),
                row.fixedIn().isEmpty() ? "-" : String.join(", ", row.fixedIn()),
                advisory,
                row.severity() + (row.score() == null ? "" : " " + row.score()),
                gate
            });
        }
        int[] widths = new int[6];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.min(Math.max(widths[i], row[i].length()), i == 3 ? 60 : 50);
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(" ");
            for (int i = 0; i < row.length; i++) {
                line.append(' ').append(String.format("%-" + widths[i] + "s", row[i]));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** Where the reports go: the CycloneDX SBOM, the SBOM with vulnerabilities, SARIF, JUnit XML, the result. */
    public record ReportFiles(Path sbom, Path vulnerabilities, Path sarif, Path junitDirectory, Path result) {}

    public static void write(ReportFiles files, ScanResult result, String sbom) {
        try {
            Files.createDirectories(files.sbom().getParent());
            Files.writeString(files.sbom(), sbom, StandardCharsets.UTF_8);
            Files.writeString(files.vulnerabilities(), withVulnerabilities(sbom, result), StandardCharsets.UTF_8);
            Files.write(files.sarif(), Json.MAPPER.writeValueAsBytes(sarif(result)));
            junit(files.junitDirectory(), result);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not write the scan reports to " + files.sbom().getParent(), e);
        }
        Json.write(files.result(), result);
    }

    /** The SBOM with a vulnerabilities section whose entries point at the affected components. */
    static String withVulnerabilities(String sbom, ScanResult result) {
        try {
            Bom bom = new JsonParser().parse(sbom.getBytes(StandardCharsets.UTF_8));
            Map<String, String> refs = new HashMap<>();
            for (Component component : bom.getComponents() == null ? List.<Component>of() : bom.getComponents()) {
                refs.put(component.getPurl() + "#" + location(component), component.getBomRef());
            }
            Map<String, Vulnerability> byAdvisory = new LinkedHashMap<>();
            for (ScanResult.Row row : result.findings()) {
                Vulnerability vulnerability = byAdvisory.computeIfAbsent(row.advisory(), id -> {
                    Vulnerability v = new Vulnerability();
                    v.setId(id);
                    Vulnerability.Source source = new Vulnerability.Source();
                    source.setName("OSV");
                    source.setUrl("https://osv.dev/vulnerability/" + id);
                    v.setSource(source);
                    v.setDescription(row.summary());
                    Vulnerability.Rating rating = new Vulnerability.Rating();
                    rating.setScore(row.score());
                    rating.setSeverity(severity(row.severity()));
                    v.setRatings(List.of(rating));
                    if (!row.fixedIn().isEmpty()) {
                        v.setRecommendation(
                                "upgrade " + row.packageName() + " to " + String.join(" or ", row.fixedIn()));
                    }
                    if (row.waiver() != null) {
                        Vulnerability.Analysis analysis = new Vulnerability.Analysis();
                        analysis.setState(Vulnerability.Analysis.State.NOT_AFFECTED);
                        analysis.setDetail(row.waiver().reason() + " (waived until "
                                + row.waiver().expires() + ")");
                        v.setAnalysis(analysis);
                    }
                    v.setAffects(new ArrayList<>());
                    return v;
                });
                String ref = refs.get(row.purl() + "#" + row.location());
                if (ref != null) {
                    Vulnerability.Affect affect = new Vulnerability.Affect();
                    affect.setRef(ref);
                    vulnerability.getAffects().add(affect);
                }
            }
            bom.setVulnerabilities(new ArrayList<>(byAdvisory.values()));
            return BomGeneratorFactory.createJson(Sboms.CYCLONEDX_VERSION, bom).toJsonString();
        } catch (ParseException | GeneratorException e) {
            throw CicdException.environment("could not write the CycloneDX vulnerabilities: " + e.getMessage(), e);
        }
    }

    private static String location(Component component) {
        if (component.getProperties() != null) {
            for (Property property : component.getProperties()) {
                if (Sboms.LOCATION.equals(property.getName())) {
                    return property.getValue();
                }
            }
        }
        return null;
    }

    private static Vulnerability.Rating.Severity severity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> Vulnerability.Rating.Severity.CRITICAL;
            case HIGH -> Vulnerability.Rating.Severity.HIGH;
            case MEDIUM -> Vulnerability.Rating.Severity.MEDIUM;
            case LOW -> Vulnerability.Rating.Severity.LOW;
            case UNKNOWN -> Vulnerability.Rating.Severity.UNKNOWN;
        };
    }

    /** SARIF 2.1.0: one rule per advisory, one result per finding; waived ones carry a suppression. */
    static ObjectNode sarif(ScanResult result) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "cicd-maven-plugin scan");
        driver.put("informationUri", "https://osv.dev");
        ArrayNode rules = driver.putArray("rules");
        ArrayNode results = run.putArray("results");
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        for (ScanResult.Row row : result.findings()) {
            Integer index = ruleIndex.get(row.advisory());
            if (index == null) {
                index = ruleIndex.size();
                ruleIndex.put(row.advisory(), index);
                ObjectNode rule = rules.addObject();
                rule.put("id", row.advisory());
                rule.putObject("shortDescription").put("text", Objects.toString(row.summary(), row.advisory()));
                rule.put("helpUri", "https://osv.dev/vulnerability/" + row.advisory());
                ObjectNode properties = rule.putObject("properties");
                properties.put(
                        "security-severity",
                        String.valueOf(row.score() != null ? row.score() : defaultScore(row.severity())));
                properties.putArray("tags").add("security").add("vulnerability");
            }
            ObjectNode finding = results.addObject();
            finding.put("ruleId", row.advisory());
            finding.put("ruleIndex", index);
            finding.put("level", row.blocking() ? "error" : row.waiver() != null ? "note" : "warning");
            finding.putObject("message")
                    .put(
                            "text",
                            row.packageName() + " " + row.installed() + " is affected by " + row.advisory() + " ("
                                    + row.severity() + ")"
                                    + (row.fixedIn().isEmpty()
                                            ? ""
                                            : "; fixed in " + String.join(", ", row.fixedIn())));
            ObjectNode location = finding.putArray("locations").addObject().putObject("physicalLocation");
            location.putObject("artifactLocation")
                    .put("uri", "image://" + result.image() + (row.location() == null ? "" : row.location()));
            if (row.waiver() != null) {
                ObjectNode suppression = finding.putArray("suppressions").addObject();
                suppression.put("kind", "external");
                suppression.put(
                        "justification",
                        row.waiver().reason() + " (until " + row.waiver().expires() + ")");
            }
        }
        return root;
    }

    private static double defaultScore(Severity severity) {
        return switch (severity) {
            case CRITICAL -> 9.5;
            case HIGH -> 8.0;
            case MEDIUM -> 5.5;
            case LOW -> 2.0;
            case UNKNOWN -> 0.0;
        };
    }

    /** One test case per finding: failed when it blocks, skipped when waived, passed when only reported. */
    private static void junit(Path directory, ScanResult result) {
        SurefireReportWriter writer = new SurefireReportWriter(directory);
        writer.startSuite("vulnerability-scan", null, null);
        for (ScanResult.Row row : result.findings()) {
            String message = row.packageName() + " " + row.installed() + ": " + row.advisory() + " " + row.severity()
                    + (row.fixedIn().isEmpty() ? "" : ", fixed in " + String.join(", ", row.fixedIn()));
            TestCaseResult.Status status = row.blocking()
                    ? TestCaseResult.Status.FAILED
                    : row.waiver() != null ? TestCaseResult.Status.SKIPPED : TestCaseResult.Status.PASSED;
            writer.testCase(new TestCaseResult(
                    row.packageName(),
                    row.advisory(),
                    0,
                    status,
                    row.waiver() != null
                            ? "waived until " + row.waiver().expires() + ": "
                                    + row.waiver().reason()
                            : message,
                    row.blocking() ? "Vulnerability" : null,
                    Objects.toString(row.summary(), message),
                    null,
                    null));
        }
        writer.endSuite();
    }
}
