package dev.cicd.scan.osv;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A package found in an image or a build, in OSV's terms.
 *
 * @param ecosystem  the OSV ecosystem including the release for distributions: "Debian:12",
 *                   "Ubuntu:22.04:LTS", "Alpine:v3.19", "Maven", "npm", "PyPI". Without a release a
 *                   distribution package only matches advisories that name no release.
 * @param name       the package name: "groupId:artifactId" for Maven, "@scope/name" for npm, the
 *                   binary package name for distributions
 * @param version    the installed version as the package manager reports it
 * @param sourceName the distribution source package (dpkg's Source, apk's origin) when it differs
 *                   from the name, else null: Debian, Ubuntu and Alpine advisories name source packages
 * @param purl       the package URL, kept for reports; may be null
 */
public record InstalledPackage(String ecosystem, String name, String version, String sourceName, String purl) {

    public InstalledPackage {
        Objects.requireNonNull(ecosystem, "ecosystem");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    public static InstalledPackage of(String ecosystem, String name, String version) {
        return new InstalledPackage(ecosystem, name, version, null, null);
    }

    /**
     * Reads a package URL as SBOM tools write them: {@code pkg:maven/g/a@v}, {@code pkg:npm/%40s/n@v},
     * {@code pkg:pypi/n@v}, {@code pkg:deb/debian/n@v?distro=debian-12&upstream=src},
     * {@code pkg:apk/alpine/n@v?distro=3.19.1&upstream=origin}. The release comes from the
     * {@code distro} qualifier ("debian-12", "bookworm", "alpine-3.19", "3.19.1", "ubuntu-22.04").
     *
     * @throws IllegalArgumentException for a malformed purl, one without a version, or a type
     *                                  OSV matching does not cover
     */
    public static InstalledPackage fromPurl(String purl) {
        PackageURL p;
        try {
            p = new PackageURL(purl);
        } catch (MalformedPackageURLException e) {
            throw new IllegalArgumentException("not a package URL: " + purl + " (" + e.getMessage() + ")", e);
        }
        if (p.getVersion() == null || p.getVersion().isBlank()) {
            throw new IllegalArgumentException("the package URL has no version: " + purl);
        }
        Map<String, String> q = p.getQualifiers() == null ? Map.of() : p.getQualifiers();
        String namespace = p.getNamespace();
        String upstream = q.get("upstream");
        if (upstream != null) {
            // syft writes "upstream=glibc" or "upstream=glibc@2.36-9": the source name is before any '@'.
            int at = upstream.indexOf('@');
            upstream = at < 0 ? upstream : upstream.substring(0, at);
        }
        String distro = q.get("distro");
        return switch (p.getType()) {
            case "maven" ->
                new InstalledPackage(
                        "Maven",
                        namespace == null ? p.getName() : namespace + ":" + p.getName(),
                        p.getVersion(),
                        null,
                        purl);
            case "npm" ->
                new InstalledPackage(
                        "npm",
                        namespace == null ? p.getName() : namespace + "/" + p.getName(),
                        p.getVersion(),
                        null,
                        purl);
            case "pypi" -> new InstalledPackage("PyPI", p.getName(), p.getVersion(), null, purl);
            case "deb" -> {
                String os = namespace == null ? "debian" : namespace.toLowerCase(Locale.ROOT);
                String base = os.equals("ubuntu") ? "Ubuntu" : "Debian";
                String release = release(distro, os);
                yield new InstalledPackage(
                        release == null ? base : base + ":" + release, p.getName(), p.getVersion(), upstream, purl);
            }
            case "apk" -> {
                String release = release(distro, "alpine");
                if (release != null) {
                    String[] parts = release.split("\\.");
                    release = "v" + (parts.length >= 2 ? parts[0] + "." + parts[1] : release);
                }
                yield new InstalledPackage(
                        release == null ? "Alpine" : "Alpine:" + release, p.getName(), p.getVersion(), upstream, purl);
            }
            default ->
                throw new IllegalArgumentException(
                        "package URLs of type " + p.getType() + " are not matched against OSV advisories: " + purl);
        };
    }

    private static String release(String distro, String os) {
        if (distro == null || distro.isBlank()) {
            return null;
        }
        String d = distro.strip().toLowerCase(Locale.ROOT);
        if (d.startsWith(os + "-")) {
            d = d.substring(os.length() + 1);
        }
        if (d.startsWith("v")) {
            d = d.substring(1);
        }
        return d.isEmpty() ? null : os.equals("ubuntu") ? ubuntuRelease(d) : d;
    }

    /** OSV names Ubuntu releases "22.04:LTS"; even-year April releases are the LTS ones. */
    private static String ubuntuRelease(String release) {
        String[] parts = release.split("\\.");
        if (parts.length >= 2 && parts[1].equals("04")) {
            try {
                if (Integer.parseInt(parts[0]) % 2 == 0) {
                    return parts[0] + ".04:LTS";
                }
            } catch (NumberFormatException e) {
                return release;
            }
        }
        return parts.length >= 2 ? parts[0] + "." + parts[1] : release;
    }
}
