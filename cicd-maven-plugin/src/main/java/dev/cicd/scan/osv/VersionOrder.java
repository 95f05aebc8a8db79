package dev.cicd.scan.osv;

import java.util.Comparator;

/**
 * The order of one ecosystem's version strings, as its package manager sorts them.
 *
 * <p>{@link #compare} is only promised to be meaningful for versions that pass {@link #isValid}.
 * Orders whose tools accept any string (dpkg, apk, Maven) sort invalid versions the way those tools
 * do; orders with a strict grammar (SemVer, PEP 440) throw {@link IllegalArgumentException}.
 */
public interface VersionOrder {

    /** Negative, zero or positive as {@code a} sorts before, equal to or after {@code b}. */
    int compare(String a, String b);

    /** Whether {@code v} follows the ecosystem's version syntax. */
    boolean isValid(String v);

    /** The ecosystem name this order is for, as OSV spells it (for messages). */
    String name();

    default Comparator<String> comparator() {
        return this::compare;
    }
}
