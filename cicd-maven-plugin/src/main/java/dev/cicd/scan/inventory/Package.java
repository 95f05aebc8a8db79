package dev.cicd.scan.inventory;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.Objects;

/**
 * A package found in an image.
 *
 * @param type {@link #DEB}, {@link #APK}, {@link #MAVEN}, {@link #NPM} or {@link #PYPI}
 * @param name the name advisories use: the binary package for deb and apk, {@code groupId:artifactId}
 *     for Maven (only the artifact name when the archive does not say its group), the full
 *     {@code @scope/name} for npm, the PEP 503 normalised name for PyPI
 * @param sourceName the source package of a deb ({@code Source:}, else the package itself) or the
 *     origin of an apk; null for language packages
 * @param purl a package URL; {@code pkg:generic/...} for a Java archive known by name only, since a
 *     Maven purl needs a group
 * @param location the file that declared the package, as an absolute path in the image; nested Java
 *     archives as {@code /app/app.jar!/BOOT-INF/lib/x.jar}
 * @param ecosystem the OSV ecosystem ({@code Debian:12}, {@code Ubuntu:22.04}, {@code Alpine:v3.19},
 *     {@code Maven}, {@code npm}, {@code PyPI}); just {@code Debian}, {@code Ubuntu} or {@code Alpine}
 *     when the image does not say its release
 */
public record Package(
        String type, String name, String version, String sourceName, String purl, String location, String ecosystem) {

    public static final String DEB = "deb";
    public static final String APK = "apk";
    public static final String MAVEN = "maven";
    public static final String NPM = "npm";
    public static final String PYPI = "pypi";

    public Package {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(purl, "purl");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(ecosystem, "ecosystem");
    }

    /**
     * The version of the source package: Debian advisories are about source versions, which differ
     * from the binary one after a binNMU or when {@code Source:} names a version. Carried in the purl's
     * {@code upstream} qualifier ({@code name@version}) so that the record keeps its shape.
     */
    public String sourceVersion() {
        if (sourceName == null) {
            return null;
        }
        try {
            var qualifiers = new PackageURL(purl).getQualifiers();
            String upstream = qualifiers == null ? null : qualifiers.get("upstream");
            if (upstream != null) {
                int at = upstream.indexOf('@');
                if (at > 0) {
                    return upstream.substring(at + 1);
                }
            }
        } catch (MalformedPackageURLException e) {
            // Only a purl built elsewhere can be malformed; the binary version is then the best guess.
        }
        return version;
    }

    Package withLocation(String newLocation) {
        return new Package(type, name, version, sourceName, purl, newLocation, ecosystem);
    }
}
