package dev.cicd.chart;

import java.util.Map;

/**
 * What the {@code chart} goal produced, in {@code target/cicd/chart.json}: the chart's name and
 * versions, the archive and its digest, and the rendered manifests per environment.
 */
public record ChartRecord(
        String name,
        String version,
        String appVersion,
        String archive,
        String archiveDigest,
        Map<String, String> rendered) {}
