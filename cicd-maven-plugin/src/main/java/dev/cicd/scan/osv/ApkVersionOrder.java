package dev.cicd.scan.osv;

/**
 * apk's order, transcribed from apk-tools' src/version.c (the tokeniser of apk-tools 2.14 and 3,
 * which Alpine's secdb, and so OSV's Alpine records, are written against). A version is
 * {@code digits{.digits}...[letter]{_suffix[digits]}...[~hash][-rN]}:
 * <ul>
 *   <li>the first number and the revision compare numerically;
 *   <li>a later dot-separated number compares numerically unless either side has a leading zero,
 *       in which case the digit strings compare as text (so {@code 1.01 < 1.1}, {@code 1.001 < 1.01}:
 *       a leading zero marks a fraction);
 *   <li>suffixes {@code _alpha < _beta < _pre < _rc} sort before the plain version and
 *       {@code _cvs < _svn < _git < _hg < _p} after it;
 *   <li>when one version is a prefix of the other, the longer is greater unless what follows is a
 *       pre-release suffix ({@code 1.0 < 1.0.1}, {@code 1.0 < 1.0-r1}, {@code 1.0_rc1 < 1.0}).
 * </ul>
 */
final class ApkVersionOrder implements VersionOrder {

    // Token types in version.c's order; the comparison of two differing token types depends on it.
    private static final int INITIAL_DIGIT = 0;
    private static final int DIGIT = 1;
    private static final int LETTER = 2;
    private static final int SUFFIX = 3;
    private static final int SUFFIX_NO = 4;
    private static final int COMMIT_HASH = 5;
    private static final int REVISION_NO = 6;
    private static final int END = 7;
    private static final int INVALID = 8;

    // Suffix values: pre-release ones below NONE, post-release ones above.
    private static final int SUFFIX_NONE = 4;
    private static final String[] SUFFIXES = {"alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p"};

    @Override
    public int compare(String a, String b) {
        Token ta = new Token(a.strip());
        Token tb = new Token(b.strip());
        ta.first();
        tb.first();
        while (ta.type == tb.type && ta.type < END) {
            int r = compareTokens(ta, tb);
            if (r != 0) {
                return r;
            }
            ta.next();
            tb.next();
        }
        if (ta.type == tb.type) {
            return 0;
        }
        if (ta.type == SUFFIX && ta.suffix < SUFFIX_NONE) {
            return -1;
        }
        if (tb.type == SUFFIX && tb.suffix < SUFFIX_NONE) {
            return 1;
        }
        return ta.type > tb.type ? -1 : 1;
    }

    @Override
    public boolean isValid(String v) {
        if (v == null) {
            return false;
        }
        Token t = new Token(v);
        for (t.first(); t.type < END; t.next()) {
            // walk to the end or to the first token that cannot follow the previous one
        }
        return t.type == END;
    }

    @Override
    public String name() {
        return "Alpine";
    }

    private static int compareTokens(Token a, Token b) {
        switch (a.type) {
            case DIGIT:
                if (a.text.charAt(0) == '0' || b.text.charAt(0) == '0') {
                    return compareText(a.text, b.text);
                }
                return Long.compareUnsigned(a.number, b.number);
            case INITIAL_DIGIT:
            case SUFFIX_NO:
            case REVISION_NO:
                return Long.compareUnsigned(a.number, b.number);
            case LETTER:
                return Integer.compare(a.text.charAt(0), b.text.charAt(0));
            case SUFFIX:
                return Integer.compare(a.suffix, b.suffix);
            default:
                return compareText(a.text, b.text);
        }
    }

    /** apk_blob_sort: bytewise over the common length, then the shorter first. */
    private static int compareText(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return a.charAt(i) < b.charAt(i) ? -1 : 1;
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    private static final class Token {
        private final String s;
        private int pos;
        int type;
        int suffix;
        long number;
        String text = "";

        Token(String s) {
            this.s = s;
        }

        void first() {
            type = INITIAL_DIGIT;
            digits();
        }

        void next() {
            if (pos >= s.length()) {
                type = END;
                return;
            }
            char c = s.charAt(pos);
            if (c >= 'a' && c <= 'z') {
                letter();
            } else if (c == '.' || c >= '0' && c <= '9') {
                number(c == '.');
            } else if (c == '_') {
                suffix();
            } else if (c == '~') {
                commitHash();
            } else if (c == '-') {
                revision();
            } else {
                type = INVALID;
            }
        }

        private void letter() {
            if (type > DIGIT) {
                type = INVALID;
                return;
            }
            text = s.substring(pos, pos + 1);
            type = LETTER;
            pos++;
        }

        /** A version part ({@code .2}, or {@code 2} straight after a letter or suffix). */
        private void number(boolean dot) {
            if (dot) {
                if (type > DIGIT) {
                    type = INVALID;
                    return;
                }
                pos++;
            }
            if (type == INITIAL_DIGIT || type == DIGIT) {
                type = DIGIT;
            } else if (type == SUFFIX) {
                type = SUFFIX_NO;
            } else {
                type = INVALID;
                return;
            }
            digits();
        }

        /** {@code _alpha}, {@code _rc}, ...: one of {@link #SUFFIXES}. */
        private void suffix() {
            if (type > SUFFIX_NO) {
                type = INVALID;
                return;
            }
            pos++;
            int start = pos;
            while (pos < s.length() && s.charAt(pos) >= 'a' && s.charAt(pos) <= 'z') {
                pos++;
            }
            text = s.substring(start, pos);
            suffix = suffixValue(text);
            type = suffix < 0 ? INVALID : SUFFIX;
        }

        /** {@code ~<hex>}. */
        private void commitHash() {
            if (type >= COMMIT_HASH) {
                type = INVALID;
                return;
            }
            pos++;
            int start = pos;
            while (pos < s.length() && isHex(s.charAt(pos))) {
                pos++;
            }
            text = s.substring(start, pos);
            type = text.isEmpty() ? INVALID : COMMIT_HASH;
        }

        /** {@code -r<number>}. */
        private void revision() {
            if (type >= REVISION_NO || !s.startsWith("-r", pos)) {
                type = INVALID;
                return;
            }
            pos += 2;
            type = REVISION_NO;
            digits();
        }

        private void digits() {
            int start = pos;
            long n = 0;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                // Saturate instead of wrapping: apk reads into a uint64 and so never sees such numbers.
                n = Long.compareUnsigned(n, Long.divideUnsigned(-1L - 9, 10)) > 0
                        ? -1L
                        : n * 10 + (s.charAt(pos) - '0');
                pos++;
            }
            number = n;
            text = s.substring(start, pos);
            if (text.isEmpty()) {
                type = INVALID;
            }
        }

        private static int suffixValue(String suffix) {
            if (suffix.isEmpty()) {
                return -1;
            }
            for (int i = 0; i < SUFFIXES.length; i++) {
                if (i != SUFFIX_NONE && SUFFIXES[i].equals(suffix)) {
                    return i;
                }
            }
            return -1;
        }

        private static boolean isHex(char c) {
            return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
        }
    }
}
