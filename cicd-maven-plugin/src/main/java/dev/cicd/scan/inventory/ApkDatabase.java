package dev.cicd.scan.inventory;

import dev.cicd.scan.inventory.Candidate.OsPackage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Pattern;

/** apk's database, {@code /lib/apk/db/installed}: paragraphs of {@code X:value} lines. Read as a stream. */
final class ApkDatabase {

    private static final int MAX_LINE = 64 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9+._-]*");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+~-]+");

    private ApkDatabase() {}

    static void read(InputStream raw, Candidate into, int maxPackages) throws IOException {
        Streams.LineReader lines = new Streams.LineReader(new BufferedInputStream(raw, 16 * 1024), MAX_LINE);
        DatabaseTally tally = new DatabaseTally(into, maxPackages);
        Entry entry = new Entry();
        long entryLine = 1;
        while (true) {
            String line = lines.next();
            boolean end = line == null;
            if (end || line.isBlank()) {
                if (entry.started) {
                    tally.skipped(entryLine, entry.addTo(tally.packages(), into.path));
                    if (tally.full()) {
                        break;
                    }
                }
                entry = new Entry();
                if (end) {
                    break;
                }
                entryLine = lines.lineNumber() + 1;
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != ':' || !Character.isLetter(line.charAt(0))) {
                tally.malformed(lines.lineNumber());
                continue;
            }
            entry.field(
                    line.charAt(0),
                    lines.truncated() ? "\u0000overlong" : line.substring(2).strip());
        }
        tally.finish("an apk database", false);
    }

    /** One paragraph: the first value of each field an inventory needs. */
    private static final class Entry {
        boolean started;
        String name;
        String version;
        String origin;
        String arch;

        void field(char key, String value) {
            started = true;
            switch (key) {
                case 'P' -> name = name == null ? value : name;
                case 'V' -> version = version == null ? value : version;
                case 'o' -> origin = origin == null ? value : origin;
                case 'A' -> arch = arch == null ? value : arch;
                default -> {
                    // Checksums, file lists, dependencies: not needed for an inventory.
                }
            }
        }

        /** Adds the entry's package, or says why not. */
        String addTo(List<OsPackage> out, String location) {
            if (name == null) {
                return "has no P: (package name)";
            } else if (!NAME.matcher(name).matches() || name.length() > 256) {
                return "has an invalid package name '" + DpkgDatabase.shorten(name) + "'";
            } else if (version == null) {
                return "(" + name + ") has no V: (version)";
            } else if (!VERSION.matcher(version).matches() || version.length() > 256) {
                return "(" + name + ") has an invalid version '" + DpkgDatabase.shorten(version) + "'";
            }
            String source = origin != null && NAME.matcher(origin).matches() ? origin : name;
            String architecture = arch != null && arch.matches("[a-z0-9_-]{1,32}") ? arch : null;
            out.add(new OsPackage(Package.APK, name, version, source, version, architecture, location));
            return null;
        }
    }
}
