package dev.cicd.scan.osv;

import java.util.Locale;
import java.util.Optional;

/**
 * Finds the {@link VersionOrder} for an OSV ecosystem name. A release suffix ("Debian:12",
 * "Alpine:v3.19", "Ubuntu:22.04:LTS") does not change the order.
 *
 * <p>No maintained Java implementation of the dpkg, apk or PEP 440 orders is on the plugin's class
 * path, so those are written here from the published rules; Maven's is Maven's own
 * ComparableVersion.
 */
public final class VersionOrders {

    private static final VersionOrder MAVEN = new MavenVersionOrder();
    private static final VersionOrder DPKG = new DpkgVersionOrder();
    private static final VersionOrder APK = new ApkVersionOrder();
    private static final VersionOrder SEMVER = new SemVerOrder();
    private static final VersionOrder PEP440 = new Pep440Order();

    private VersionOrders() {}

    public static Optional<VersionOrder> forEcosystem(String osvEcosystem) {
        if (osvEcosystem == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(
                switch (Ecosystems.base(osvEcosystem).toLowerCase(Locale.ROOT)) {
                    case "maven" -> MAVEN;
                    case "debian", "ubuntu" -> DPKG;
                    case "alpine" -> APK;
                    case "npm" -> SEMVER;
                    case "pypi" -> PEP440;
                    default -> null;
                });
    }

    /** SemVer 2.0 precedence, which OSV's SEMVER ranges use whatever the ecosystem. */
    public static VersionOrder semver() {
        return SEMVER;
    }

    public static VersionOrder maven() {
        return MAVEN;
    }

    public static VersionOrder dpkg() {
        return DPKG;
    }

    public static VersionOrder apk() {
        return APK;
    }

    public static VersionOrder pep440() {
        return PEP440;
    }
}
