package dev.cicd.scan.inventory;

import dev.cicd.scan.inventory.Candidate.OsPackage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** apk's database, {@code /lib/apk/db/installed}: paragraphs of {@code X:value} lines. Read as a stream. */
final class ApkDatabase {

    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_ENTRY_WARNINGS = 5;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9+._-]*");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+~-]+");

    private ApkDatabase() {}

    static void read(InputStream raw, Candidate into, int maxPackages) throws IOException {
        Streams.LineReader lines = new Streams.LineReader(new BufferedInputStream(raw, 16 * 1024), MAX_LINE);
        List<OsPackage> found = new ArrayList<>();
        String name = null;
        String version = null;
        String origin = null;
        String arch = null;
        boolean inEntry = false;
        long entryLine = 1;
        long malformed = 0;
        long firstMalformed = 0;
        int entryWarnings = 0;
        while (true) {
            String line = lines.next();
            boolean end = line == null;
            if (end || line.isBlank()) {
                if (inEntry) {
                    String problem = null;
                    if (name == null) {
                        problem = "has no P: (package name)";
                    } else if (!NAME.matcher(name).matches() || name.length() > 256) {
                        problem = "has an invalid package name '" + DpkgDatabase.shorten(name) + "'";
                    } else if (version == null) {
                        problem = "(" + name + ") has no V: (version)";
                    } else if (!VERSION.matcher(version).matches() || version.length() > 256) {
                        problem = "(" + name + ") has an invalid version '" + DpkgDatabase.shorten(version) + "'";
                    } else {
                        String source = origin != null && NAME.matcher(origin).matches() ? origin : name;
                        String architecture = arch != null && arch.matches("[a-z0-9_-]{1,32}") ? arch : null;
                        found.add(new OsPackage(Package.APK, name, version, source, version, architecture, into.path));
                    }
                    if (problem != null && entryWarnings++ < MAX_ENTRY_WARNINGS) {
                        into.warnings.add(into.path + ": entry at line " + entryLine + " " + problem + "; skipped");
                    }
                    if (found.size() > maxPackages) {
                        found.remove(found.size() - 1);
                        into.warnings.add(
                                into.path + ": more than " + maxPackages + " packages; the rest were not read");
                        break;
                    }
                }
                name = version = origin = arch = null;
                inEntry = false;
                if (end) {
                    break;
                }
                entryLine = lines.lineNumber() + 1;
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != ':' || !Character.isLetter(line.charAt(0))) {
                malformed++;
                firstMalformed = firstMalformed == 0 ? lines.lineNumber() : firstMalformed;
                continue;
            }
            inEntry = true;
            String value =
                    lines.truncated() ? "\u0000overlong" : line.substring(2).strip();
            switch (line.charAt(0)) {
                case 'P' -> name = name == null ? value : name;
                case 'V' -> version = version == null ? value : version;
                case 'o' -> origin = origin == null ? value : origin;
                case 'A' -> arch = arch == null ? value : arch;
                default -> {
                    // Checksums, file lists, dependencies: not needed for an inventory.
                }
            }
        }
        if (entryWarnings > MAX_ENTRY_WARNINGS) {
            into.warnings.add(
                    into.path + ": " + (entryWarnings - MAX_ENTRY_WARNINGS) + " more malformed entries skipped");
        }
        if (malformed > 0) {
            into.warnings.add(into.path + (found.isEmpty() ? " is not an apk database: " : ": ") + malformed
                    + " malformed line(s) ignored, the first at line " + firstMalformed);
        }
        into.osPackages = List.copyOf(found);
    }
}
