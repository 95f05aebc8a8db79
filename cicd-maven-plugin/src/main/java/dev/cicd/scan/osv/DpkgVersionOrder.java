package dev.cicd.scan.osv;

/**
 * dpkg's order (Debian Policy 5.6.12, dpkg's {@code verrevcmp}): {@code [epoch:]upstream[-revision]},
 * the epoch compared as a number (missing is 0), the revision split off at the last hyphen, and
 * upstream and revision compared alternately as non-digit and digit runs. In non-digit runs '~'
 * sorts before everything, even the end of the string, and letters before all other characters;
 * digit runs compare numerically.
 */
final class DpkgVersionOrder implements VersionOrder {

    @Override
    public int compare(String a, String b) {
        Parsed x = Parsed.of(a);
        Parsed y = Parsed.of(b);
        int c = compareDigits(x.epoch, y.epoch);
        if (c != 0) {
            return c;
        }
        c = verrevcmp(x.upstream, y.upstream);
        if (c != 0) {
            return c;
        }
        return verrevcmp(x.revision, y.revision);
    }

    @Override
    public boolean isValid(String v) {
        if (v == null || v.isEmpty()) {
            return false;
        }
        Parsed p = Parsed.of(v);
        if (p.epochText != null
                && (p.epochText.isEmpty() || !p.epochText.chars().allMatch(DpkgVersionOrder::isDigit))) {
            return false;
        }
        if (p.upstream.isEmpty() || !isDigit(p.upstream.charAt(0))) {
            return false;
        }
        for (int i = 0; i < p.upstream.length(); i++) {
            char ch = p.upstream.charAt(i);
            if (!(isAlnum(ch) || ".+~-:".indexOf(ch) >= 0)) {
                return false;
            }
            // A colon in the upstream part is only allowed when there is an epoch, a hyphen only with a revision.
            if (ch == ':' && p.epochText == null || ch == '-' && p.revisionText == null) {
                return false;
            }
        }
        if (p.revisionText != null) {
            if (p.revisionText.isEmpty()) {
                return false;
            }
            for (int i = 0; i < p.revisionText.length(); i++) {
                char ch = p.revisionText.charAt(i);
                if (!(isAlnum(ch) || ".+~".indexOf(ch) >= 0)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String name() {
        return "Debian";
    }

    private record Parsed(String epochText, String epoch, String upstream, String revisionText, String revision) {
        static Parsed of(String v) {
            String s = v.strip();
            String epochText = null;
            int colon = s.indexOf(':');
            if (colon >= 0) {
                epochText = s.substring(0, colon);
                s = s.substring(colon + 1);
            }
            String revisionText = null;
            int hyphen = s.lastIndexOf('-');
            if (hyphen >= 0) {
                revisionText = s.substring(hyphen + 1);
                s = s.substring(0, hyphen);
            }
            String epoch = epochText == null || epochText.isEmpty() ? "0" : epochText;
            return new Parsed(epochText, epoch, s, revisionText, revisionText == null ? "" : revisionText);
        }
    }

    /** The epoch as a number of any length; a non-numeric epoch sorts by its characters. */
    private static int compareDigits(String a, String b) {
        if (a.chars().allMatch(DpkgVersionOrder::isDigit) && b.chars().allMatch(DpkgVersionOrder::isDigit)) {
            String x = stripZeros(a);
            String y = stripZeros(b);
            if (x.length() != y.length()) {
                return Integer.compare(x.length(), y.length());
            }
            return Integer.signum(x.compareTo(y));
        }
        return verrevcmp(a, b);
    }

    private static String stripZeros(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }

    private static int order(String s, int i) {
        if (i >= s.length()) {
            return 0;
        }
        char c = s.charAt(i);
        if (isDigit(c)) {
            return 0;
        }
        if (isAlpha(c)) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }

    /** A transcription of dpkg's lib/dpkg/version.c verrevcmp. */
    static int verrevcmp(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int firstDiff = 0;
            while (i < a.length() && !isDigit(a.charAt(i)) || j < b.length() && !isDigit(b.charAt(j))) {
                int ac = order(a, i);
                int bc = order(b, j);
                if (ac != bc) {
                    return Integer.signum(ac - bc);
                }
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            while (i < a.length() && isDigit(a.charAt(i)) && j < b.length() && isDigit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < a.length() && isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < b.length() && isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return Integer.signum(firstDiff);
            }
        }
        return 0;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlpha(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isAlnum(int c) {
        return isDigit(c) || isAlpha(c);
    }
}
