package dev.cicd.scan.osv;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which advisories of an {@link OsvDatabase} apply to an installed package, following the
 * evaluation algorithm of the OSV schema: a version is affected if it is listed in an affected
 * entry's {@code versions}, or if, walking a range's events in version order, the last event at or
 * below it is an {@code introduced} (with {@code "0"} before everything) rather than a
 * {@code fixed}, and it is not above a {@code last_affected}; {@code limit} events cap the range.
 * ECOSYSTEM ranges use the ecosystem's order, SEMVER ranges SemVer's whatever the ecosystem, and
 * GIT ranges are not evaluated (they need the repository).
 */
public final class Matcher {

    private Matcher() {}

    /** The findings for one package, one per advisory, ordered by advisory id. */
    public static List<Finding> match(InstalledPackage pkg, OsvDatabase db) {
        String base = Ecosystems.canonicalBase(pkg.ecosystem());
        Optional<VersionOrder> order = VersionOrders.forEcosystem(pkg.ecosystem());
        Map<String, Accumulator> byAdvisory = new LinkedHashMap<>();
        for (OsvDatabase.Indexed candidate : candidates(pkg, base, db)) {
            OsvRecord.Affected affected = candidate.affected();
            if (!Ecosystems.releaseMatches(base, pkg.ecosystem(), affected.pkg().ecosystem())) {
                continue;
            }
            List<String> fixed = new ArrayList<>();
            boolean inRange = false;
            for (OsvRecord.Range range : affected.ranges()) {
                VersionOrder rangeOrder = orderFor(range, order);
                if (rangeOrder == null) {
                    continue;
                }
                RangeHit hit = evaluate(range.events(), pkg.version(), rangeOrder);
                if (hit != null) {
                    inRange = true;
                    if (hit.fixed() != null) {
                        fixed.add(hit.fixed());
                    }
                }
            }
            boolean listed = !inRange && listed(affected.versions(), pkg.version(), order.orElse(null));
            if (!inRange && !listed) {
                continue;
            }
            if (listed) {
                fixed.addAll(fixesAbove(affected, pkg.version(), order));
            }
            byAdvisory
                    .computeIfAbsent(candidate.record().id(), id -> new Accumulator(candidate.record()))
                    .add(affected, fixed, inRange);
        }
        List<Finding> findings = new ArrayList<>(byAdvisory.size());
        for (Accumulator a : byAdvisory.values()) {
            findings.add(a.finding(pkg, order.orElse(null)));
        }
        findings.sort(Comparator.comparing(Finding::advisoryId));
        return findings;
    }

    /** All packages' findings, in the packages' order. */
    public static List<Finding> matchAll(Collection<InstalledPackage> packages, OsvDatabase db) {
        List<Finding> findings = new ArrayList<>();
        for (InstalledPackage pkg : packages) {
            findings.addAll(match(pkg, db));
        }
        return findings;
    }

    /**
     * Distribution advisories name source packages: look the package up by its source name and
     * fall back to the binary name only when the source name is unknown or names nothing.
     */
    private static List<OsvDatabase.Indexed> candidates(InstalledPackage pkg, String base, OsvDatabase db) {
        String source = pkg.sourceName();
        if (source != null && !source.isBlank()) {
            List<OsvDatabase.Indexed> bySource = db.candidates(base, Ecosystems.normaliseName(base, source));
            if (!bySource.isEmpty() || source.strip().equals(pkg.name().strip())) {
                return bySource;
            }
        }
        return db.candidates(base, Ecosystems.normaliseName(base, pkg.name()));
    }

    private static VersionOrder orderFor(OsvRecord.Range range, Optional<VersionOrder> ecosystemOrder) {
        String type = range.type() == null ? "" : range.type().toUpperCase(Locale.ROOT);
        return switch (type) {
            case "SEMVER" -> VersionOrders.semver();
            case "ECOSYSTEM" -> ecosystemOrder.orElse(null);
            default -> null;
        };
    }

    /** What a range says about a version that it includes: the next fix, or null if none is known. */
    record RangeHit(String fixed) {}

    /**
     * The schema's IncludedInRanges for one range, or null when the version is not affected. A
     * range whose events the order cannot read is not evaluated rather than guessed at.
     */
    static RangeHit evaluate(List<OsvRecord.Event> events, String version, VersionOrder order) {
        if (events.isEmpty() || !order.isValid(version)) {
            return null;
        }
        boolean hasLimit = false;
        boolean beforeLimits = false;
        for (OsvRecord.Event e : events) {
            if (e.kinds() != 1) {
                return null;
            }
            if (!isUnbounded(e) && !order.isValid(e.version())) {
                return null;
            }
            if (e.limit() != null) {
                hasLimit = true;
                if (e.limit().contains("*") || order.compare(version, e.limit()) < 0) {
                    beforeLimits = true;
                }
            }
        }
        if (hasLimit && !beforeLimits) {
            return null;
        }
        List<OsvRecord.Event> sorted = new ArrayList<>(events);
        sorted.sort(eventOrder(order));
        boolean vulnerable = false;
        for (OsvRecord.Event e : sorted) {
            if (e.introduced() != null) {
                if (e.introduced().equals("0") || order.compare(version, e.introduced()) >= 0) {
                    vulnerable = true;
                }
            } else if (e.fixed() != null) {
                if (order.compare(version, e.fixed()) >= 0) {
                    vulnerable = false;
                }
            } else if (e.lastAffected() != null) {
                if (order.compare(version, e.lastAffected()) > 0) {
                    vulnerable = false;
                }
            }
        }
        if (!vulnerable) {
            return null;
        }
        for (OsvRecord.Event e : sorted) {
            if (e.fixed() != null && order.compare(version, e.fixed()) < 0) {
                return new RangeHit(e.fixed());
            }
        }
        return new RangeHit(null);
    }

    /** {@code introduced: "0"} sorts before and a {@code limit} with "*" after every version. */
    private static boolean isUnbounded(OsvRecord.Event e) {
        return "0".equals(e.introduced()) || e.limit() != null && e.limit().contains("*");
    }

    private static Comparator<OsvRecord.Event> eventOrder(VersionOrder order) {
        return (a, b) -> {
            int ra = rank(a);
            int rb = rank(b);
            if (ra != 0 || rb != 0) {
                return Integer.compare(ra, rb);
            }
            return order.compare(a.version(), b.version());
        };
    }

    private static int rank(OsvRecord.Event e) {
        if ("0".equals(e.introduced())) {
            return -1;
        }
        return e.limit() != null && e.limit().contains("*") ? 1 : 0;
    }

    private static boolean listed(List<String> versions, String version, VersionOrder order) {
        for (String v : versions) {
            if (v.equals(version)) {
                return true;
            }
        }
        if (order == null || !order.isValid(version)) {
            return false;
        }
        for (String v : versions) {
            // Spellings that differ but mean the same release (PyPI's 1.0 and 1.0.0) are the same version.
            if (order.isValid(v) && order.compare(v, version) == 0) {
                return true;
            }
        }
        return false;
    }

    /** For a version matched only by the explicit list: the smallest fix above it in any range. */
    private static List<String> fixesAbove(OsvRecord.Affected affected, String version, Optional<VersionOrder> order) {
        String best = null;
        VersionOrder bestOrder = null;
        for (OsvRecord.Range range : affected.ranges()) {
            VersionOrder o = orderFor(range, order);
            if (o == null || !o.isValid(version)) {
                continue;
            }
            for (OsvRecord.Event e : range.events()) {
                if (e.fixed() != null
                        && e.kinds() == 1
                        && o.isValid(e.fixed())
                        && o.compare(version, e.fixed()) < 0
                        && (best == null || bestOrder != o || o.compare(e.fixed(), best) < 0)) {
                    best = e.fixed();
                    bestOrder = o;
                }
            }
        }
        return best == null ? List.of() : List.of(best);
    }

    /** One advisory reached through one or more affected entries of the same package. */
    private static final class Accumulator {
        private final OsvRecord record;
        private final List<OsvRecord.Affected> affected = new ArrayList<>();
        private final Set<String> fixed = new LinkedHashSet<>();
        private boolean inRange;

        Accumulator(OsvRecord record) {
            this.record = record;
        }

        void add(OsvRecord.Affected a, List<String> fixedVersions, boolean range) {
            affected.add(a);
            fixed.addAll(fixedVersions);
            inRange |= range;
        }

        Finding finding(InstalledPackage pkg, VersionOrder order) {
            Set<String> aliases = new LinkedHashSet<>(record.aliases());
            aliases.addAll(record.upstream());
            aliases.remove(record.id());
            List<String> fixedVersions = new ArrayList<>(fixed);
            if (order != null && fixedVersions.stream().allMatch(order::isValid)) {
                fixedVersions.sort(order.comparator());
            }
            SeverityRating rating = SeverityRating.of(record, affected);
            return new Finding(
                    record.id(),
                    List.copyOf(aliases),
                    record.summary(),
                    pkg,
                    pkg.version(),
                    fixedVersions,
                    rating.severity(),
                    rating.score(),
                    rating.vector(),
                    rating.source(),
                    inRange ? Finding.MatchKind.RANGE : Finding.MatchKind.VERSIONS);
        }
    }
}
