package dev.cicd.scan.inventory;

import dev.cicd.scan.inventory.Candidate.OsPackage;
import java.util.ArrayList;
import java.util.List;

/**
 * What reading one package database (dpkg's or apk's) found: the packages, up to a cap, and the
 * warnings about it, kept short: the first few skipped entries by line, then a count; malformed
 * lines as a count and the first one's number. {@link #finish} hands both to the candidate.
 */
final class DatabaseTally {

    private static final int MAX_ENTRY_WARNINGS = 5;

    private final Candidate into;
    private final int maxPackages;
    private final List<OsPackage> found = new ArrayList<>();
    private long malformed;
    private long firstMalformed;
    private int entryWarnings;

    DatabaseTally(Candidate into, int maxPackages) {
        this.into = into;
        this.maxPackages = maxPackages;
    }

    /** The packages found so far; readers add to it. */
    List<OsPackage> packages() {
        return found;
    }

    /** The entry that starts at that line was skipped, for that reason; null for not skipped. */
    void skipped(long entryLine, String problem) {
        if (problem != null && entryWarnings++ < MAX_ENTRY_WARNINGS) {
            into.warnings.add(into.path + ": entry at line " + entryLine + " " + problem + "; skipped");
        }
    }

    /** True once the last package added passed the cap: it is dropped again and the reader should stop. */
    boolean full() {
        if (found.size() <= maxPackages) {
            return false;
        }
        found.remove(found.size() - 1);
        into.warnings.add(into.path + ": more than " + maxPackages + " packages; the rest were not read");
        return true;
    }

    void malformed(long lineNumber) {
        malformed++;
        firstMalformed = firstMalformed == 0 ? lineNumber : firstMalformed;
    }

    /**
     * Gives the candidate its packages and the summary warnings.
     *
     * @param database what the file should be ("a dpkg database"), for a file nothing was recognised in
     * @param recognised whether anything besides packages was recognised (a field of the format)
     */
    void finish(String database, boolean recognised) {
        if (entryWarnings > MAX_ENTRY_WARNINGS) {
            into.warnings.add(
                    into.path + ": " + (entryWarnings - MAX_ENTRY_WARNINGS) + " more malformed entries skipped");
        }
        if (malformed > 0) {
            into.warnings.add(into.path + (found.isEmpty() && !recognised ? " is not " + database + ": " : ": ")
                    + malformed + " malformed line(s) ignored, the first at line " + firstMalformed);
        }
        into.osPackages = List.copyOf(found);
    }
}
