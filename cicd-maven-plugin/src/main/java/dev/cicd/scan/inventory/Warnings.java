package dev.cicd.scan.inventory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Warnings up to a limit, without repeats; a hostile image can produce one per entry. */
final class Warnings {

    private final int limit;
    private final Set<String> kept = new LinkedHashSet<>();
    private long dropped;

    Warnings(int limit) {
        this.limit = limit;
    }

    void add(String warning) {
        if (kept.contains(warning)) {
            return;
        }
        if (kept.size() < limit) {
            kept.add(warning);
        } else {
            dropped++;
        }
    }

    void addAll(Iterable<String> warnings) {
        for (String w : warnings) {
            add(w);
        }
    }

    boolean isEmpty() {
        return kept.isEmpty() && dropped == 0;
    }

    List<String> toList() {
        List<String> out = new ArrayList<>(kept);
        if (dropped > 0) {
            out.add(dropped + " more warnings not shown");
        }
        return out;
    }
}
