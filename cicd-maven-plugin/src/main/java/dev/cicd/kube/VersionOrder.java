package dev.cicd.kube;

import dev.cicd.context.SemVer;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Orders app versions (image tags such as {@code v1.10.0}) by SemVer 2.0 precedence; unparseable ones first. */
final class VersionOrder {

    private VersionOrder() {}

    static int compare(String left, String right) {
        Optional<SemVer> a = SemVer.parse(left);
        Optional<SemVer> b = SemVer.parse(right);
        if (a.isEmpty() || b.isEmpty()) {
            return Boolean.compare(a.isPresent(), b.isPresent());
        }
        return PRECEDENCE.compare(a.get(), b.get());
    }

    private static final Comparator<SemVer> PRECEDENCE = Comparator.comparingLong(SemVer::major)
            .thenComparingLong(SemVer::minor)
            .thenComparingLong(SemVer::patch)
            .thenComparing(VersionOrder::preRelease);

    /** A release ranks above its pre-releases; pre-release identifiers compare numerically or lexically. */
    private static int preRelease(SemVer a, SemVer b) {
        if (a.preRelease() == null || b.preRelease() == null) {
            return a.preRelease() == null ? (b.preRelease() == null ? 0 : 1) : -1;
        }
        List<String> left = List.of(a.preRelease().split("\\."));
        List<String> right = List.of(b.preRelease().split("\\."));
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            String x = left.get(i);
            String y = right.get(i);
            boolean xNumeric = x.matches("\\d+");
            boolean yNumeric = y.matches("\\d+");
            int order = xNumeric && yNumeric
                    ? new java.math.BigInteger(x).compareTo(new java.math.BigInteger(y))
                    : xNumeric ? -1 : yNumeric ? 1 : x.compareTo(y);
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.size(), right.size());
    }
}
