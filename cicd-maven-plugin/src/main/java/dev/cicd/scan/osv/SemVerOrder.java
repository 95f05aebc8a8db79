package dev.cicd.scan.osv;

import dev.cicd.context.SemVer;

/**
 * SemVer 2.0 precedence ({@link SemVer#compareTo}) for the version strings of advisories and
 * packages: a leading "=" (after the "v" {@link SemVer#parse} accepts) and surrounding blanks are
 * accepted, as npm does, and strings longer than {@link #MAX_LENGTH} are refused before parsing.
 */
final class SemVerOrder implements VersionOrder {

    /** Longer strings are not versions; the cap also keeps the backtracking regex off long hostile input. */
    static final int MAX_LENGTH = 256;

    @Override
    public int compare(String a, String b) {
        return parse(a).compareTo(parse(b));
    }

    @Override
    public boolean isValid(String v) {
        return v != null && v.length() <= MAX_LENGTH && SemVer.parse(clean(v)).isPresent();
    }

    @Override
    public String name() {
        return "SemVer";
    }

    private static SemVer parse(String v) {
        if (v.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("not a SemVer 2.0 version: " + v);
        }
        return SemVer.parse(clean(v)).orElseThrow(() -> new IllegalArgumentException("not a SemVer 2.0 version: " + v));
    }

    /** Without blanks around it and a leading "=", as npm writes ranges; {@link SemVer#parse} takes the "v". */
    private static String clean(String v) {
        String s = v.strip();
        if (s.startsWith("=")) {
            s = s.substring(1).stripLeading();
        }
        return s;
    }
}
