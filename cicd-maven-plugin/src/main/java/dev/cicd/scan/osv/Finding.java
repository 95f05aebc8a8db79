package dev.cicd.scan.osv;

import java.util.List;

/**
 * An advisory that applies to an installed package.
 *
 * @param advisoryId     the OSV id (GHSA-..., DSA-..., PYSEC-...)
 * @param aliases        the record's aliases followed by its upstream ids (Debian's DSA records name
 *                       their CVEs only as upstream)
 * @param summary        the record's summary, or null
 * @param pkg            the package as given to the matcher
 * @param installedVersion the version that matched
 * @param fixedVersions  for each matching range, the smallest "fixed" above the installed version,
 *                       in version order; empty when no fix is known
 * @param severity       see {@link SeverityRating}
 * @param cvssScore      the CVSS base score the severity comes from, or null
 * @param cvssVector     the vector scored, or null
 * @param severitySource where the severity came from, or null when unknown
 * @param matchedBy      RANGE if any range included the version, else VERSIONS (the explicit list)
 */
public record Finding(
        String advisoryId,
        List<String> aliases,
        String summary,
        InstalledPackage pkg,
        String installedVersion,
        List<String> fixedVersions,
        Severity severity,
        Double cvssScore,
        String cvssVector,
        String severitySource,
        MatchKind matchedBy) {

    public enum MatchKind {
        RANGE,
        VERSIONS
    }

    public Finding {
        aliases = List.copyOf(aliases);
        fixedVersions = List.copyOf(fixedVersions);
    }
}
