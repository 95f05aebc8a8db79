package dev.cicd.scan.osv;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One advisory in the OSV format (ossf/osv-schema, docs/schema.md): the fields the scanner reads.
 * Other fields are ignored. Lists are never null; the {@code *_specific} objects are kept as JSON
 * because their content is defined by each database.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record OsvRecord(
        @JsonProperty("schema_version") String schemaVersion,
        @JsonProperty("id") String id,
        @JsonProperty("modified") String modified,
        @JsonProperty("published") String published,
        @JsonProperty("withdrawn") String withdrawn,
        @JsonProperty("aliases") List<String> aliases,
        @JsonProperty("related") List<String> related,
        @JsonProperty("upstream") List<String> upstream,
        @JsonProperty("summary") String summary,
        @JsonProperty("details") String details,
        @JsonProperty("severity") List<SeverityScore> severity,
        @JsonProperty("affected") List<Affected> affected,
        @JsonProperty("references") List<Reference> references,
        @JsonProperty("database_specific") JsonNode databaseSpecific) {

    public OsvRecord {
        aliases = nonNull(aliases);
        related = nonNull(related);
        upstream = nonNull(upstream);
        severity = nonNull(severity);
        affected = nonNull(affected);
        references = nonNull(references);
    }

    /** A record for code that builds advisories rather than reading them (tests, converters). */
    public static OsvRecord of(
            String id, List<String> aliases, String summary, List<SeverityScore> severity, List<Affected> affected) {
        return new OsvRecord(
                null, id, null, null, null, aliases, null, null, summary, null, severity, affected, null, null);
    }

    /** {@code type} is CVSS_V2, CVSS_V3, CVSS_V4 or Ubuntu; {@code score} a vector or, for Ubuntu, a priority. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SeverityScore(
            @JsonProperty("type") String type,
            @JsonProperty("score") String score) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Affected(
            @JsonProperty("package") Package pkg,
            @JsonProperty("severity") List<SeverityScore> severity,
            @JsonProperty("ranges") List<Range> ranges,
            @JsonProperty("versions") List<String> versions,
            @JsonProperty("ecosystem_specific") JsonNode ecosystemSpecific,
            @JsonProperty("database_specific") JsonNode databaseSpecific) {

        public Affected {
            severity = nonNull(severity);
            ranges = nonNull(ranges);
            versions = nonNull(versions);
        }

        public static Affected of(Package pkg, List<Range> ranges, List<String> versions) {
            return new Affected(pkg, null, ranges, versions, null, null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Package(
            @JsonProperty("ecosystem") String ecosystem,
            @JsonProperty("name") String name,
            @JsonProperty("purl") String purl) {}

    /** {@code type} is ECOSYSTEM, SEMVER or GIT. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Range(
            @JsonProperty("type") String type,
            @JsonProperty("repo") String repo,
            @JsonProperty("events") List<Event> events,
            @JsonProperty("database_specific") JsonNode databaseSpecific) {

        public Range {
            events = nonNull(events);
        }

        public static Range of(String type, Event... events) {
            return new Range(type, null, List.of(events), null);
        }
    }

    /** Exactly one of the four is set in a valid record. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(
            @JsonProperty("introduced") String introduced,
            @JsonProperty("fixed") String fixed,
            @JsonProperty("last_affected") String lastAffected,
            @JsonProperty("limit") String limit) {

        public static Event introduced(String v) {
            return new Event(v, null, null, null);
        }

        public static Event fixed(String v) {
            return new Event(null, v, null, null);
        }

        public static Event lastAffected(String v) {
            return new Event(null, null, v, null);
        }

        public static Event limit(String v) {
            return new Event(null, null, null, v);
        }

        /** The version this event names, whichever kind it is. */
        public String version() {
            return introduced != null
                    ? introduced
                    : fixed != null ? fixed : lastAffected != null ? lastAffected : limit;
        }

        int kinds() {
            return (introduced != null ? 1 : 0)
                    + (fixed != null ? 1 : 0)
                    + (lastAffected != null ? 1 : 0)
                    + (limit != null ? 1 : 0);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reference(
            @JsonProperty("type") String type,
            @JsonProperty("url") String url) {}

    private static <T> List<T> nonNull(List<T> list) {
        return list == null
                ? List.of()
                : list.stream().filter(java.util.Objects::nonNull).toList();
    }
}
