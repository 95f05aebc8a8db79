package dev.cicd.scan.osv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeverityTest {

    @ParameterizedTest(name = "{0} = {1} {2}")
    @CsvSource({
        // scores as FIRST's calculators give them
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H, 10.0, CRITICAL",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 9.8, CRITICAL",
        "CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H, 7.8, HIGH",
        "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:L, 3.7, LOW",
        "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H, 5.5, MEDIUM",
        "AV:N/AC:L/Au:N/C:P/I:P/A:P, 7.5, HIGH",
        "AV:N/AC:M/Au:N/C:C/I:C/A:C, 9.3, HIGH",
        "AV:N/AC:L/Au:N/C:N/I:N/A:P, 5.0, MEDIUM",
        "(AV:N/AC:L/Au:N/C:N/I:P/A:N), 5.0, MEDIUM",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 9.3, CRITICAL",
        "CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 8.5, HIGH",
    })
    void cvssVectorsScoreAsPublished(String vector, double score, Severity severity) {
        SeverityRating rating = SeverityRating.ofVector(vector);
        assertThat(rating).isNotNull();
        assertThat(rating.score()).isEqualTo(score);
        assertThat(rating.severity()).isEqualTo(severity);
        assertThat(rating.vector()).isEqualTo(vector);
    }

    @Test
    void malformedVectorsDoNotScore() {
        assertThat(SeverityRating.ofVector("CVSS:3.1/AV:N")).isNull();
        assertThat(SeverityRating.ofVector("garbage")).isNull();
        assertThat(SeverityRating.ofVector("")).isNull();
        assertThat(SeverityRating.ofVector(null)).isNull();
    }

    @Test
    void bands() {
        assertThat(Severity.fromCvss3Score(0.1)).isEqualTo(Severity.LOW);
        assertThat(Severity.fromCvss3Score(3.9)).isEqualTo(Severity.LOW);
        assertThat(Severity.fromCvss3Score(4.0)).isEqualTo(Severity.MEDIUM);
        assertThat(Severity.fromCvss3Score(6.9)).isEqualTo(Severity.MEDIUM);
        assertThat(Severity.fromCvss3Score(7.0)).isEqualTo(Severity.HIGH);
        assertThat(Severity.fromCvss3Score(8.9)).isEqualTo(Severity.HIGH);
        assertThat(Severity.fromCvss3Score(9.0)).isEqualTo(Severity.CRITICAL);
        assertThat(Severity.fromCvss2Score(3.9)).isEqualTo(Severity.LOW);
        assertThat(Severity.fromCvss2Score(6.9)).isEqualTo(Severity.MEDIUM);
        assertThat(Severity.fromCvss2Score(10.0)).isEqualTo(Severity.HIGH);
    }

    @Test
    void ratingsParse() {
        assertThat(Severity.parse("MODERATE")).isEqualTo(Severity.MEDIUM);
        assertThat(Severity.parse("critical")).isEqualTo(Severity.CRITICAL);
        assertThat(Severity.parse("Important")).isEqualTo(Severity.HIGH);
        assertThat(Severity.parse("negligible")).isEqualTo(Severity.LOW);
        assertThat(Severity.parse("low**")).isEqualTo(Severity.LOW);
        assertThat(Severity.parse("untriaged")).isEqualTo(Severity.UNKNOWN);
        assertThat(Severity.parse("not yet assigned")).isEqualTo(Severity.UNKNOWN);
        assertThat(Severity.parse(null)).isEqualTo(Severity.UNKNOWN);
    }

    @Test
    void theHighestCvssVersionWins() {
        OsvRecord record = withSeverity(
                List.of(
                        new OsvRecord.SeverityScore("CVSS_V2", "AV:N/AC:L/Au:N/C:N/I:N/A:P"),
                        new OsvRecord.SeverityScore(
                                "CVSS_V4", "CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
                        new OsvRecord.SeverityScore("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")),
                null);
        SeverityRating rating = SeverityRating.of(record, record.affected());
        assertThat(rating.source()).isEqualTo("CVSS_V4");
        assertThat(rating.score()).isEqualTo(8.5);
        assertThat(rating.severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void aMalformedVectorFallsBackToTheNextVersion() {
        OsvRecord record = withSeverity(
                List.of(
                        new OsvRecord.SeverityScore("CVSS_V3", "CVSS:3.1/broken"),
                        new OsvRecord.SeverityScore("CVSS_V2", "AV:N/AC:L/Au:N/C:P/I:P/A:P")),
                null);
        SeverityRating rating = SeverityRating.of(record, record.affected());
        assertThat(rating.source()).isEqualTo("CVSS_V2");
        assertThat(rating.severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void withoutAVectorTheDatabasesRatingCounts() {
        ObjectNode ghsa = JsonNodeFactory.instance.objectNode().put("severity", "MODERATE");
        SeverityRating rating = SeverityRating.of(withSeverity(List.of(), ghsa), List.of());
        assertThat(rating.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(rating.score()).isNull();
        assertThat(rating.source()).isEqualTo("database_specific.severity");

        OsvRecord ubuntu = withSeverity(List.of(new OsvRecord.SeverityScore("Ubuntu", "high")), null);
        assertThat(SeverityRating.of(ubuntu, List.of()).severity()).isEqualTo(Severity.HIGH);

        OsvRecord.Affected debian = new OsvRecord.Affected(
                new OsvRecord.Package("Debian:12", "curl", null),
                null,
                null,
                null,
                JsonNodeFactory.instance.objectNode().put("urgency", "medium"),
                null);
        OsvRecord debianRecord = OsvRecord.of("DEBIAN-CVE-2099-1", null, null, null, List.of(debian));
        assertThat(SeverityRating.of(debianRecord, List.of(debian)).severity()).isEqualTo(Severity.MEDIUM);

        assertThat(SeverityRating.of(withSeverity(List.of(), null), List.of())).isEqualTo(SeverityRating.UNKNOWN);
    }

    @Test
    void aPackagesOwnSeverityReplacesTheRecords() {
        OsvRecord.Affected affected = new OsvRecord.Affected(
                new OsvRecord.Package("npm", "x", null),
                List.of(new OsvRecord.SeverityScore("CVSS_V3", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:L")),
                null,
                null,
                null,
                null);
        OsvRecord record = OsvRecord.of(
                "OSV-1",
                null,
                null,
                List.of(new OsvRecord.SeverityScore("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")),
                List.of(affected));
        assertThat(SeverityRating.of(record, List.of(affected)).score()).isEqualTo(3.7);
    }

    private static OsvRecord withSeverity(List<OsvRecord.SeverityScore> severity, ObjectNode databaseSpecific) {
        return new OsvRecord(
                null, "OSV-1", null, null, null, null, null, null, null, null, severity, null, null, databaseSpecific);
    }
}
