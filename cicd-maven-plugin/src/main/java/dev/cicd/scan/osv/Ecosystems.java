package dev.cicd.scan.osv;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * OSV ecosystem strings: a base name, for some ecosystems followed by ":" and a release
 * ("Debian:12", "Alpine:v3.19", "Ubuntu:22.04:LTS"), and the package name rules of each.
 */
final class Ecosystems {

    private static final Pattern PYPI_SEPARATORS = Pattern.compile("[-_.]+");

    private Ecosystems() {}

    static String base(String ecosystem) {
        String e = ecosystem.strip();
        int colon = e.indexOf(':');
        return colon < 0 ? e : e.substring(0, colon);
    }

    /** The release after the base name, or null. */
    static String release(String ecosystem) {
        String e = ecosystem.strip();
        int colon = e.indexOf(':');
        return colon < 0 || colon == e.length() - 1 ? null : e.substring(colon + 1);
    }

    /** The spelling used as an index key: one per ecosystem, so that lookups are exact. */
    static String canonicalBase(String ecosystem) {
        String base = base(ecosystem);
        return switch (base.toLowerCase(Locale.ROOT)) {
            case "maven" -> "Maven";
            case "debian" -> "Debian";
            case "ubuntu" -> "Ubuntu";
            case "alpine" -> "Alpine";
            case "npm" -> "npm";
            case "pypi" -> "PyPI";
            default -> base;
        };
    }

    /** Ecosystems whose advisories are written per distribution release. */
    static boolean isReleaseScoped(String canonicalBase) {
        return canonicalBase.equals("Debian") || canonicalBase.equals("Ubuntu") || canonicalBase.equals("Alpine");
    }

    /**
     * The package name as compared: PyPI per PEP 503 (lower case, runs of "-", "_", "." as one "-"),
     * distribution packages in lower case (their policies allow nothing else), npm and Maven as
     * written, since both registries are case-sensitive.
     */
    static String normaliseName(String canonicalBase, String name) {
        String n = name.strip();
        return switch (canonicalBase) {
            case "PyPI" -> PYPI_SEPARATORS.matcher(n).replaceAll("-").toLowerCase(Locale.ROOT);
            case "Debian", "Ubuntu", "Alpine" -> n.toLowerCase(Locale.ROOT);
            default -> n;
        };
    }

    /**
     * Whether an advisory's affected entry applies to an installed package's release. An entry
     * without a release applies to all; otherwise the releases must be the same, Alpine's compared
     * as major.minor with or without "v" and Ubuntu's with or without the ":LTS" mark.
     */
    static boolean releaseMatches(String canonicalBase, String installedEcosystem, String affectedEcosystem) {
        if (!isReleaseScoped(canonicalBase)) {
            return true;
        }
        String affected = release(affectedEcosystem);
        if (affected == null) {
            return true;
        }
        String installed = release(installedEcosystem);
        if (installed == null) {
            return false;
        }
        return normaliseRelease(canonicalBase, installed).equals(normaliseRelease(canonicalBase, affected));
    }

    static String normaliseRelease(String canonicalBase, String release) {
        String r = release.strip().toLowerCase(Locale.ROOT);
        switch (canonicalBase) {
            case "Alpine" -> {
                if (r.startsWith("v")) {
                    r = r.substring(1);
                }
                String[] parts = r.split("\\.");
                return parts.length >= 2 ? parts[0] + "." + parts[1] : r;
            }
            case "Ubuntu" -> {
                return r.endsWith(":lts") ? r.substring(0, r.length() - 4) : r;
            }
            case "Debian" -> {
                // Point releases share their major release's advisories; images often name the codename.
                int dot = r.indexOf('.');
                String major = dot < 0 ? r : r.substring(0, dot);
                return switch (major) {
                    case "wheezy" -> "7";
                    case "jessie" -> "8";
                    case "stretch" -> "9";
                    case "buster" -> "10";
                    case "bullseye" -> "11";
                    case "bookworm" -> "12";
                    case "trixie" -> "13";
                    case "forky" -> "14";
                    case "duke" -> "15";
                    default -> major;
                };
            }
            default -> {
                return r;
            }
        }
    }
}
