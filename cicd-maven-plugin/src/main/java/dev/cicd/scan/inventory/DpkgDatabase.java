package dev.cicd.scan.inventory;

import dev.cicd.scan.inventory.Candidate.OsPackage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dpkg's database: {@code /var/lib/dpkg/status}, and the one-package files distroless images keep in
 * {@code /var/lib/dpkg/status.d/}. Read as a stream, one paragraph at a time.
 */
final class DpkgDatabase {

    private static final int MAX_LINE = 64 * 1024;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]*");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9.+~:-]+");
    private static final Pattern SOURCE = Pattern.compile("([a-z0-9][a-z0-9+.-]*)(?:\\s*\\(([^()\\s]+)\\))?");
    private static final Pattern FIELD = Pattern.compile("([A-Za-z0-9][A-Za-z0-9_-]*):(.*)");

    private DpkgDatabase() {}

    /**
     * @param statusFile whether this is the status file, whose entries must say they are installed;
     *     status.d files list installed packages only and may have no {@code Status} field
     */
    static void read(InputStream raw, Candidate into, boolean statusFile, int maxPackages) throws IOException {
        Streams.LineReader lines = new Streams.LineReader(new BufferedInputStream(raw, 16 * 1024), MAX_LINE);
        DatabaseTally tally = new DatabaseTally(into, maxPackages);
        Map<String, String> fields = new HashMap<>();
        long paragraphLine = 1;
        boolean any = false;
        String line;
        while (true) {
            line = lines.next();
            boolean end = line == null;
            if (end || line.isBlank()) {
                if (!fields.isEmpty()) {
                    tally.skipped(paragraphLine, accept(fields, statusFile, into.path, tally.packages()));
                    if (tally.full()) {
                        break;
                    }
                }
                fields.clear();
                if (end) {
                    break;
                }
                paragraphLine = lines.lineNumber() + 1;
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                // A continuation line (Description, Conffiles): none of the fields read here has one.
                if (fields.isEmpty() && !any) {
                    tally.malformed(lines.lineNumber());
                }
                continue;
            }
            Matcher m = FIELD.matcher(line);
            if (!m.matches()) {
                tally.malformed(lines.lineNumber());
                continue;
            }
            any = true;
            field(fields, m.group(1).toLowerCase(Locale.ROOT), lines.truncated() ? null : m.group(2));
        }
        tally.finish("a dpkg database", any);
    }

    /** Keeps the first value of the fields an inventory needs; null for a value too long to read. */
    private static void field(Map<String, String> fields, String key, String value) {
        if (key.equals("package")
                || key.equals("version")
                || key.equals("status")
                || key.equals("source")
                || key.equals("architecture")) {
            if (value == null) {
                fields.put(key, "\u0000overlong");
            } else {
                fields.putIfAbsent(key, value.strip());
            }
        } else if (fields.isEmpty()) {
            fields.put("\u0000seen", "");
        }
    }

    /** Adds the paragraph's package, or says why not; null also for packages that are not installed. */
    private static String accept(Map<String, String> fields, boolean statusFile, String location, List<OsPackage> out) {
        String name = fields.get("package");
        String version = fields.get("version");
        String status = fields.get("status");
        if (name == null) {
            return "has no Package field";
        }
        if (!NAME.matcher(name).matches() || name.length() > 256) {
            return "has an invalid package name '" + shorten(name) + "'";
        }
        if (status != null) {
            String[] words = status.strip().split("\\s+");
            boolean installed = words.length == 3
                    && (words[0].equals("install") || words[0].equals("hold"))
                    && words[1].equals("ok")
                    && words[2].equals("installed");
            if (!installed) {
                return null;
            }
        } else if (statusFile) {
            return "(" + name + ") has no Status field";
        }
        if (version == null || version.isEmpty()) {
            return "(" + name + ") has no Version";
        }
        if (!VERSION.matcher(version).matches() || version.length() > 256) {
            return "(" + name + ") has an invalid version '" + shorten(version) + "'";
        }
        String sourceName = name;
        String sourceVersion = version;
        String source = fields.get("source");
        if (source != null && !source.isEmpty()) {
            Matcher m = SOURCE.matcher(source);
            if (m.matches()) {
                sourceName = m.group(1);
                if (m.group(2) != null && VERSION.matcher(m.group(2)).matches()) {
                    sourceVersion = m.group(2);
                }
            }
        }
        String arch = fields.get("architecture");
        if (arch != null && !arch.matches("[a-z0-9-]{1,32}")) {
            arch = null;
        }
        out.add(new OsPackage(Package.DEB, name, version, sourceName, sourceVersion, arch, location));
        return null;
    }

    static String shorten(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
    }
}
