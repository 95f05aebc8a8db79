package dev.cicd.registry;

/**
 * What the {@code push} goal left in the registry, in {@code target/cicd/push.json}; later goals
 * deploy by these digests.
 *
 * @param image the image reference pushed (with tag)
 * @param imageDigest the manifest digest the registry reports for it
 * @param chart the chart reference ({@code registry/charts/name:version}), null when no chart was pushed
 * @param chartDigest the chart manifest's digest
 */
public record PushRecord(String image, String imageDigest, String chart, String chartDigest) {}
