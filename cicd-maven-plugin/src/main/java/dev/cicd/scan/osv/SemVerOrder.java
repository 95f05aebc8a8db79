package dev.cicd.scan.osv;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SemVer 2.0 precedence (semver.org, section 11): major, minor and patch numerically; a release
 * sorts after its pre-releases; pre-release identifiers compare numerically when both are numeric,
 * numeric before alphanumeric, otherwise in ASCII order, and a longer list wins a tie; build
 * metadata is ignored. A leading "v" or "=" and surrounding blanks are accepted, as npm does.
 */
final class SemVerOrder implements VersionOrder {

    /** Longer strings are not versions; the cap also keeps the backtracking regex off long hostile input. */
    static final int MAX_LENGTH = 256;

    private static final Pattern SEMVER = Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
            + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
            + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

    @Override
    public int compare(String a, String b) {
        Matcher x = parse(a);
        Matcher y = parse(b);
        for (int group = 1; group <= 3; group++) {
            int c = compareNumeric(x.group(group), y.group(group));
            if (c != 0) {
                return c;
            }
        }
        String xp = x.group(4);
        String yp = y.group(4);
        if (xp == null || yp == null) {
            return xp == null ? (yp == null ? 0 : 1) : -1;
        }
        String[] xs = xp.split("\\.", -1);
        String[] ys = yp.split("\\.", -1);
        for (int i = 0; i < Math.min(xs.length, ys.length); i++) {
            int c = compareIdentifier(xs[i], ys[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(xs.length, ys.length);
    }

    @Override
    public boolean isValid(String v) {
        return v != null && v.length() <= MAX_LENGTH && SEMVER.matcher(clean(v)).matches();
    }

    @Override
    public String name() {
        return "SemVer";
    }

    private static Matcher parse(String v) {
        Matcher m = SEMVER.matcher(clean(v));
        if (v.length() > MAX_LENGTH || !m.matches()) {
            throw new IllegalArgumentException("not a SemVer 2.0 version: " + v);
        }
        return m;
    }

    private static String clean(String v) {
        String s = v.strip();
        if (s.startsWith("=")) {
            s = s.substring(1).stripLeading();
        }
        if (s.startsWith("v") || s.startsWith("V")) {
            s = s.substring(1);
        }
        return s;
    }

    private static int compareIdentifier(String a, String b) {
        boolean an = isNumeric(a);
        boolean bn = isNumeric(b);
        if (an && bn) {
            return compareNumeric(a, b);
        }
        if (an != bn) {
            return an ? -1 : 1;
        }
        return Integer.signum(a.compareTo(b));
    }

    private static boolean isNumeric(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Numbers of any length, without parsing them (SemVer forbids leading zeros). */
    private static int compareNumeric(String a, String b) {
        if (a.length() != b.length()) {
            return Integer.compare(a.length(), b.length());
        }
        return Integer.signum(a.compareTo(b));
    }
}
