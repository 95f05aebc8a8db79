package dev.cicd.scan.osv;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import us.springett.cvss.Cvss;
import us.springett.cvss.CvssV2;
import us.springett.cvss.Score;

/**
 * The severity of an advisory for one package: from the highest-version CVSS vector that scores
 * (v4, then v3.x, then v2, computed with cvss-calculator), else from the database's own rating.
 *
 * @param score  the CVSS base score, or null when the severity is a database rating
 * @param vector the CVSS vector scored, or null
 * @param source where the severity came from: "CVSS_V3", "database_specific.severity", ...
 */
public record SeverityRating(Severity severity, Double score, String vector, String source) {

    static final SeverityRating UNKNOWN = new SeverityRating(Severity.UNKNOWN, null, null, null);

    /** A package's own severity entries replace the record's (the schema allows only one of them). */
    static SeverityRating of(OsvRecord record, List<OsvRecord.Affected> matched) {
        List<OsvRecord.SeverityScore> scores = new ArrayList<>();
        for (OsvRecord.Affected a : matched) {
            scores.addAll(a.severity());
        }
        if (scores.isEmpty()) {
            scores.addAll(record.severity());
        }
        SeverityRating cvss = fromCvss(scores);
        if (cvss != null) {
            return cvss;
        }
        for (OsvRecord.SeverityScore s : scores) {
            if ("Ubuntu".equalsIgnoreCase(s.type()) && Severity.parse(s.score()) != Severity.UNKNOWN) {
                return new SeverityRating(Severity.parse(s.score()), null, null, "Ubuntu");
            }
        }
        SeverityRating rating = rating(record.databaseSpecific(), "database_specific");
        if (rating != null) {
            return rating;
        }
        for (OsvRecord.Affected a : matched) {
            rating = rating(a.ecosystemSpecific(), "affected.ecosystem_specific");
            if (rating == null) {
                rating = rating(a.databaseSpecific(), "affected.database_specific");
            }
            if (rating != null) {
                return rating;
            }
        }
        return UNKNOWN;
    }

    /** Scores a single vector; null if it does not parse. */
    public static SeverityRating ofVector(String vector) {
        String v = vector == null ? "" : vector.strip();
        if (v.startsWith("(") && v.endsWith(")")) {
            v = v.substring(1, v.length() - 1);
        }
        if (v.startsWith("CVSS:2.0/")) {
            v = v.substring("CVSS:2.0/".length());
        }
        if (v.isEmpty()) {
            return null;
        }
        try {
            Cvss cvss = Cvss.fromVector(v);
            if (cvss == null) {
                return null;
            }
            Score score = cvss.calculateScore();
            double base = score.getBaseScore();
            if (Double.isNaN(base) || base < 0 || base > 10) {
                return null;
            }
            boolean v2 = cvss instanceof CvssV2;
            return new SeverityRating(
                    v2 ? Severity.fromCvss2Score(base) : Severity.fromCvss3Score(base),
                    base,
                    vector.strip(),
                    v2 ? "CVSS_V2" : v.startsWith("CVSS:4") ? "CVSS_V4" : "CVSS_V3");
        } catch (RuntimeException e) {
            // A malformed vector is the database's mistake; another vector or the rating may still serve.
            return null;
        }
    }

    private static SeverityRating fromCvss(List<OsvRecord.SeverityScore> scores) {
        List<OsvRecord.SeverityScore> cvss = new ArrayList<>();
        for (OsvRecord.SeverityScore s : scores) {
            if (s.type() != null && s.score() != null && cvssRank(s.type()) > 0) {
                cvss.add(s);
            }
        }
        cvss.sort(Comparator.comparingInt((OsvRecord.SeverityScore s) -> cvssRank(s.type()))
                .reversed());
        for (OsvRecord.SeverityScore s : cvss) {
            SeverityRating rating = ofVector(s.score());
            if (rating == null) {
                rating = bareScore(s);
            }
            if (rating != null) {
                return rating;
            }
        }
        return null;
    }

    private static int cvssRank(String type) {
        return switch (type.toUpperCase(Locale.ROOT)) {
            case "CVSS_V4" -> 3;
            case "CVSS_V3" -> 2;
            case "CVSS_V2" -> 1;
            default -> 0;
        };
    }

    /** Some databases put a bare number where the vector belongs; take it for what it says. */
    private static SeverityRating bareScore(OsvRecord.SeverityScore s) {
        try {
            double base = Double.parseDouble(s.score().strip());
            if (base < 0 || base > 10 || Double.isNaN(base)) {
                return null;
            }
            Severity severity = cvssRank(s.type()) == 1 ? Severity.fromCvss2Score(base) : Severity.fromCvss3Score(base);
            return new SeverityRating(severity, base, null, s.type().toUpperCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** GHSA's "severity", Debian's "urgency", Ubuntu's "ubuntu_priority" or "priority". */
    private static SeverityRating rating(JsonNode specific, String where) {
        if (specific == null || !specific.isObject()) {
            return null;
        }
        for (String key : List.of("severity", "ubuntu_priority", "priority", "urgency")) {
            JsonNode value = specific.get(key);
            if (value != null && value.isTextual()) {
                Severity severity = Severity.parse(value.asText());
                if (severity != Severity.UNKNOWN) {
                    return new SeverityRating(severity, null, null, where + "." + key);
                }
            }
        }
        return null;
    }
}
