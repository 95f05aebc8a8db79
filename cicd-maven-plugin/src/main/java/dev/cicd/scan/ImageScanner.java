package dev.cicd.scan;

import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.docker.DockerEngine;
import dev.cicd.docker.ImageReference;
import dev.cicd.scan.inventory.ImageInventory;
import dev.cicd.scan.inventory.Inventory;
import dev.cicd.scan.inventory.Package;
import dev.cicd.scan.osv.Finding;
import dev.cicd.scan.osv.InstalledPackage;
import dev.cicd.scan.osv.Matcher;
import dev.cicd.scan.osv.OsvDatabase;
import dev.cicd.scan.osv.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scans an image offline: the inventory is read from the image itself (exported by the engine),
 * matched against OSV advisories on disk, waivers applied, and the gate decided. Nothing leaves
 * the machine.
 */
public final class ImageScanner {

    /**
     * @param database the advisories
     * @param threshold findings at or above it block; null: report only
     * @param waivers accepted findings
     * @param today the date waivers are checked against
     * @param workDirectory where the inventory may buffer files of the image
     */
    public record Settings(
            OsvDatabase database,
            Severity threshold,
            List<ScanWaivers.Waiver> waivers,
            LocalDate today,
            Path workDirectory) {}

    /** What a scan found, with the inventory for the SBOM. */
    public record Scan(Inventory inventory, ScanResult result) {}

    private final BuildLog log;

    public ImageScanner(BuildLog log) {
        this.log = log;
    }

    public Scan scan(DockerEngine engine, ImageReference image, Settings settings) {
        Inventory inventory;
        try (InputStream exported =
                engine.client().saveImageCmd(image.toString()).exec()) {
            inventory = ImageInventory.read(exported, settings.workDirectory(), log);
        } catch (IOException e) {
            throw CicdException.environment(
                    "could not export image " + image + " from the Docker engine: " + e.getMessage(), e);
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            throw CicdException.project(
                    "image " + image + " does not exist in the Docker engine; build it first (cicd:build)");
        }
        return new Scan(inventory, evaluate(image.toString(), inventory, settings));
    }

    /** Matches an inventory against the advisories and applies waivers and gate. */
    public ScanResult evaluate(String image, Inventory inventory, Settings settings) {
        Map<InstalledPackage, Package> origins = new IdentityHashMap<>();
        List<InstalledPackage> installed = new ArrayList<>();
        for (Package p : inventory.packages()) {
            // Distribution advisories name source packages and their versions.
            String version = p.sourceVersion() != null ? p.sourceVersion() : p.version();
            InstalledPackage candidate =
                    new InstalledPackage(p.ecosystem(), p.name(), version, p.sourceName(), p.purl());
            origins.put(candidate, p);
            installed.add(candidate);
        }
        List<ScanResult.Row> rows = new ArrayList<>();
        for (InstalledPackage pkg : installed) {
            Package origin = origins.get(pkg);
            for (Finding finding : Matcher.match(pkg, settings.database())) {
                Optional<ScanWaivers.Waiver> waiver = settings.waivers().stream()
                        .filter(w -> !w.expired(settings.today()) && w.covers(finding))
                        .findFirst();
                boolean blocking = settings.threshold() != null
                        && waiver.isEmpty()
                        && finding.severity().compareTo(settings.threshold()) >= 0;
                rows.add(new ScanResult.Row(
                        finding.advisoryId(),
                        finding.aliases(),
                        origin.name(),
                        pkg.ecosystem(),
                        origin.version(),
                        finding.fixedVersions(),
                        finding.severity(),
                        finding.cvssScore(),
                        origin.location(),
                        origin.purl(),
                        finding.summary(),
                        blocking,
                        waiver.orElse(null)));
            }
        }
        rows.sort(Comparator.comparing(ScanResult.Row::severity)
                .reversed()
                .thenComparing(ScanResult.Row::packageName)
                .thenComparing(ScanResult.Row::advisory));
        List<ScanWaivers.Waiver> expired = settings.waivers().stream()
                .filter(w -> w.expired(settings.today()))
                .toList();
        String os = inventory.os() == null
                ? null
                : inventory.os().prettyName() != null
                        ? inventory.os().prettyName()
                        : inventory.os().id();
        return new ScanResult(
                image,
                os,
                inventory.packages().size(),
                settings.database().size(),
                settings.threshold(),
                rows,
                expired,
                inventory.warnings());
    }
}
