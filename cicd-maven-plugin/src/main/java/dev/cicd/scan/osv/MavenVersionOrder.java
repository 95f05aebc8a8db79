package dev.cicd.scan.osv;

import org.apache.maven.artifact.versioning.ComparableVersion;

/** Maven's own order (maven-artifact is provided by Maven at run time). */
final class MavenVersionOrder implements VersionOrder {

    @Override
    public int compare(String a, String b) {
        return new ComparableVersion(a).compareTo(new ComparableVersion(b));
    }

    @Override
    public boolean isValid(String v) {
        // Maven accepts any version string; only emptiness and whitespace make one useless.
        return v != null && !v.isBlank() && v.chars().noneMatch(Character::isWhitespace);
    }

    @Override
    public String name() {
        return "Maven";
    }
}
