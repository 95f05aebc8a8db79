package dev.cicd.scan;

import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.context.Stage;
import dev.cicd.scan.osv.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a scan is held to: where the advisories come from and how fresh they are, and the gate of
 * each stage. Default gates: {@code CRITICAL} for pull requests and the trunk, {@code HIGH} for
 * releases. A pull request should not turn red because a HIGH advisory was published overnight for
 * a package it did not touch; a release must not ship one.
 */
public final class ScanPolicy {

    private static final long STALE_AFTER_DAYS = 7;

    private ScanPolicy() {}

    /** The advisory locations of {@code -Dcicd.advisories}: directories and zip archives, comma-separated. */
    public static List<Path> advisorySources(String advisories) {
        List<Path> sources = Arrays.stream(advisories.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Path::of)
                .toList();
        if (sources.stream().noneMatch(Files::exists)) {
            throw CicdException.project(
                    "no vulnerability data at " + advisories
                            + ": run mvn cicd:advisories to download the OSV archives, or point -Dcicd.advisories at OSV files");
        }
        return sources.stream().filter(Files::exists).toList();
    }

    /** A scan against old advisories passes images that are known to be vulnerable: say so. */
    public static void warnWhenStale(List<Path> sources, Instant now, BuildLog log) {
        Instant newest = Instant.EPOCH;
        for (Path source : sources) {
            try (Stream<Path> files = Files.walk(source, 2)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Instant modified = Files.getLastModifiedTime(file).toInstant();
                    newest = modified.isAfter(newest) ? modified : newest;
                }
            } catch (IOException | UncheckedIOException e) {
                log.debug("could not date " + source + ": " + e.getMessage());
            }
        }
        long days = Duration.between(newest, now).toDays();
        if (days >= STALE_AFTER_DAYS) {
            log.warn("the advisories were last updated " + days + " days ago: run mvn cicd:advisories (or refresh"
                    + " the CI cache) so that newly published vulnerabilities are found");
        }
    }

    /**
     * The gate: {@code threshold} for every stage, else {@code perStage} for the stage, else the
     * defaults; null when the scan only reports.
     */
    public static Severity threshold(Stage stage, String threshold, Map<String, String> perStage) {
        String configured = threshold;
        if (configured == null && perStage != null) {
            configured = perStage.get(stage.id());
        }
        if (configured == null) {
            return stage == Stage.RELEASE ? Severity.HIGH : Severity.CRITICAL;
        }
        if (configured.isBlank() || configured.trim().equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return Severity.valueOf(configured.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CicdException.project(
                    "scan threshold '" + configured + "' is not one of CRITICAL, HIGH, MEDIUM, LOW, none");
        }
    }
}
