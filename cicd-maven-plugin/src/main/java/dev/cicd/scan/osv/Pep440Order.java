package dev.cicd.scan.osv;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEP 440's order, following the normalisation and sort key of the reference implementation
 * (pypa/packaging, {@code Version} and {@code _cmpkey}): {@code [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]},
 * case-insensitive; alternative spellings (alpha, beta, c, pre, preview; rev, r, -N; separators
 * '-', '_', '.') normalised; trailing zeros of the release ignored ({@code 1.0 == 1.0.0}); a dev
 * release sorts before the pre-releases of its release, a post release after the release, and a
 * local version after the public version it extends.
 */
final class Pep440Order implements VersionOrder {

    private static final Pattern VERSION = Pattern.compile(
            "\\s*v?"
                    + "(?:(?<epoch>[0-9]+)!)?"
                    + "(?<release>[0-9]+(?:\\.[0-9]+)*)"
                    + "(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?"
                    + "(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?"
                    + "(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?"
                    + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?"
                    + "\\s*",
            Pattern.CASE_INSENSITIVE);

    /** Longer strings are not versions; the cap also keeps the backtracking regex off long hostile input. */
    static final int MAX_LENGTH = 256;

    @Override
    public int compare(String a, String b) {
        return Key.of(a).compareTo(Key.of(b));
    }

    @Override
    public boolean isValid(String v) {
        return v != null && v.length() <= MAX_LENGTH && VERSION.matcher(v).matches();
    }

    @Override
    public String name() {
        return "PyPI";
    }

    /**
     * packaging's sort key. Missing parts take the place that makes the order come out right: no
     * pre-release sorts after any pre-release, except for a bare dev release which sorts before
     * them; no post release before any; no dev release after any; no local version before any.
     */
    private record Key(
            BigInteger epoch,
            List<BigInteger> release,
            int preRank,
            String preLetter,
            BigInteger preNumber,
            BigInteger post,
            BigInteger dev,
            List<Object> local)
            implements Comparable<Key> {

        private static final int PRE_BEFORE_ALL = -1;
        private static final int PRE_PRESENT = 0;
        private static final int PRE_AFTER_ALL = 1;

        static Key of(String v) {
            Matcher m = VERSION.matcher(v);
            if (v.length() > MAX_LENGTH || !m.matches()) {
                throw new IllegalArgumentException("not a PEP 440 version: " + v);
            }
            BigInteger epoch = m.group("epoch") == null ? BigInteger.ZERO : new BigInteger(m.group("epoch"));
            List<BigInteger> release = new ArrayList<>();
            for (String part : m.group("release").split("\\.")) {
                release.add(new BigInteger(part));
            }
            while (release.size() > 1 && release.get(release.size() - 1).signum() == 0) {
                release.remove(release.size() - 1);
            }
            String preLetter = m.group("preL") == null ? null : normalisePre(m.group("preL"));
            BigInteger preNumber = number(m.group("preN"));
            BigInteger post = m.group("post") == null
                    ? null
                    : number(m.group("postN1") != null ? m.group("postN1") : m.group("postN2"));
            BigInteger dev = m.group("dev") == null ? null : number(m.group("devN"));
            int preRank;
            if (preLetter != null) {
                preRank = PRE_PRESENT;
            } else if (post == null && dev != null) {
                preRank = PRE_BEFORE_ALL;
            } else {
                preRank = PRE_AFTER_ALL;
            }
            List<Object> local = null;
            if (m.group("local") != null) {
                local = new ArrayList<>();
                for (String part : m.group("local").toLowerCase(Locale.ROOT).split("[-_.]")) {
                    local.add(part.chars().allMatch(Character::isDigit) ? new BigInteger(part) : part);
                }
            }
            return new Key(epoch, release, preRank, preLetter, preNumber, post, dev, local);
        }

        private static String normalisePre(String letter) {
            return switch (letter.toLowerCase(Locale.ROOT)) {
                case "a", "alpha" -> "a";
                case "b", "beta" -> "b";
                default -> "rc"; // c, rc, pre, preview
            };
        }

        private static BigInteger number(String digits) {
            return digits == null ? BigInteger.ZERO : new BigInteger(digits);
        }

        @Override
        public int compareTo(Key o) {
            int c = epoch.compareTo(o.epoch);
            if (c != 0) {
                return c;
            }
            for (int i = 0; i < Math.max(release.size(), o.release.size()); i++) {
                BigInteger x = i < release.size() ? release.get(i) : BigInteger.ZERO;
                BigInteger y = i < o.release.size() ? o.release.get(i) : BigInteger.ZERO;
                c = x.compareTo(y);
                if (c != 0) {
                    return c;
                }
            }
            c = Integer.compare(preRank, o.preRank);
            if (c != 0) {
                return c;
            }
            if (preRank == PRE_PRESENT) {
                c = preLetter.compareTo(o.preLetter);
                if (c != 0) {
                    return Integer.signum(c);
                }
                c = preNumber.compareTo(o.preNumber);
                if (c != 0) {
                    return c;
                }
            }
            c = compareMissingFirst(post, o.post);
            if (c != 0) {
                return c;
            }
            c = compareMissingLast(dev, o.dev);
            if (c != 0) {
                return c;
            }
            return compareLocal(local, o.local);
        }

        private static int compareMissingFirst(BigInteger a, BigInteger b) {
            if (a == null || b == null) {
                return a == null ? (b == null ? 0 : -1) : 1;
            }
            return a.compareTo(b);
        }

        private static int compareMissingLast(BigInteger a, BigInteger b) {
            if (a == null || b == null) {
                return a == null ? (b == null ? 0 : 1) : -1;
            }
            return a.compareTo(b);
        }

        /** Segments pairwise: numeric above alphanumeric, numbers numerically, text lexically; then length. */
        private static int compareLocal(List<Object> a, List<Object> b) {
            if (a == null || b == null) {
                return a == null ? (b == null ? 0 : -1) : 1;
            }
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                Object x = a.get(i);
                Object y = b.get(i);
                int c;
                if (x instanceof BigInteger xn && y instanceof BigInteger yn) {
                    c = xn.compareTo(yn);
                } else if (x instanceof String xs && y instanceof String ys) {
                    c = Integer.signum(xs.compareTo(ys));
                } else {
                    c = x instanceof BigInteger ? 1 : -1;
                }
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.size(), b.size());
        }
    }
}
