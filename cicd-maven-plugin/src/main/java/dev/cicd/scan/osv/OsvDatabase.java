package dev.cicd.scan.osv;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * OSV advisories held in memory and indexed by ecosystem and package name, for {@link Matcher}.
 *
 * <p>Advisories come from directories of {@code *.json} files (one record each, as osv.dev's
 * archives unpack) and from osv.dev's per-ecosystem archives ({@code <ecosystem>/all.zip}), read
 * entry by entry without unpacking. The data is untrusted: a record that does not parse or lacks an
 * id is skipped with a warning naming it; a record bigger than {@link Limits#maxRecordBytes()} is
 * skipped likewise; an archive that expands beyond {@link Limits#maxTotalBytes()} (counted while
 * inflating, whatever its headers claim) is refused. Nothing is written to disk while loading.
 * Withdrawn advisories are left out; of two records with one id the later modified wins.
 *
 * <p>Index keys: the ecosystem without its release ("Debian" for "Debian:12") and the package
 * name, PyPI names normalised per PEP 503, distribution names in lower case, npm and Maven
 * ("groupId:artifactId") as written.
 */
public final class OsvDatabase {

    /**
     * @param maxRecordBytes the largest record read, uncompressed
     * @param maxTotalBytes  the most one archive or directory may expand to
     * @param maxEntries     the most entries one archive may hold
     */
    public record Limits(long maxRecordBytes, long maxTotalBytes, int maxEntries) {
        /** 10 MiB a record (real ones stay well below 1 MiB); 4 GiB and two million entries an archive. */
        public static final Limits DEFAULT = new Limits(10L << 20, 4L << 30, 2_000_000);
    }

    /** What a load kept and left out. */
    public record Stats(int advisories, int skippedMalformed, int withdrawn, int duplicates) {}

    /** An advisory's affected entry, as found under its package. */
    record Indexed(OsvRecord record, OsvRecord.Affected affected) {}

    private static final int MAX_WARNINGS_PER_LOAD = 25;
    private static final ObjectReader READER = reader();

    private final Map<String, OsvRecord> byId;
    private final Map<String, List<Indexed>> index;
    private final Stats stats;

    private OsvDatabase(Map<String, OsvRecord> byId, Stats stats) {
        this.byId = Collections.unmodifiableMap(byId);
        this.stats = stats;
        Map<String, List<Indexed>> idx = new HashMap<>();
        for (OsvRecord record : byId.values()) {
            for (OsvRecord.Affected affected : record.affected()) {
                OsvRecord.Package p = affected.pkg();
                if (p == null
                        || p.ecosystem() == null
                        || p.name() == null
                        || p.ecosystem().isBlank()) {
                    continue;
                }
                String base = Ecosystems.canonicalBase(p.ecosystem());
                idx.computeIfAbsent(key(base, Ecosystems.normaliseName(base, p.name())), k -> new ArrayList<>(2))
                        .add(new Indexed(record, affected));
            }
        }
        this.index = idx;
    }

    /** A database of records already in memory (validated like loaded ones). */
    public static OsvDatabase of(Collection<OsvRecord> records) {
        Loader loader = loader(BuildLog.silent());
        records.forEach(loader::add);
        return loader.build();
    }

    /** Loads each path: a directory (walked for {@code *.json} and {@code *.zip}), a zip or a JSON file. */
    public static OsvDatabase load(List<Path> sources, BuildLog log) {
        Loader loader = loader(log);
        for (Path source : sources) {
            loader.path(source);
        }
        return loader.build();
    }

    public static Loader loader(BuildLog log) {
        return new Loader(log, Limits.DEFAULT);
    }

    public static Loader loader(BuildLog log, Limits limits) {
        return new Loader(log, limits);
    }

    /**
     * Fetches {@code <baseUrl>/<ecosystem>/all.zip} for each ecosystem into
     * {@code <target>/<ecosystem>/all.zip}, replacing the cached copy atomically and only when the
     * server has a newer one (ETag / Last-Modified). For osv.dev the base URL is
     * {@code https://osv-vulnerabilities.storage.googleapis.com/}.
     *
     * @throws CicdException (environment) naming the URL when the server is unreachable or answers
     *                       anything but 200 or 304
     */
    public static List<OsvDownload.Result> download(
            URI baseUrl, List<String> ecosystems, Path target, HttpClient client) {
        return OsvDownload.download(baseUrl, ecosystems, target, client, BuildLog.silent());
    }

    public static List<OsvDownload.Result> download(
            URI baseUrl, List<String> ecosystems, Path target, HttpClient client, BuildLog log) {
        return OsvDownload.download(baseUrl, ecosystems, target, client, log);
    }

    public int size() {
        return byId.size();
    }

    public Optional<OsvRecord> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<OsvRecord> records() {
        return byId.values();
    }

    public Stats stats() {
        return stats;
    }

    /** The affected entries filed under a package, all releases together. */
    List<Indexed> candidates(String canonicalBase, String normalisedName) {
        return index.getOrDefault(key(canonicalBase, normalisedName), List.of());
    }

    private static String key(String base, String name) {
        return base + '\u0000' + name;
    }

    private static ObjectReader reader() {
        ObjectMapper mapper = Json.MAPPER.copy();
        mapper.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(64).build());
        // A number or boolean where the schema has a string is a malformed record, not something to guess at.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper.readerFor(OsvRecord.class)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .without(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    }

    /** Collects records from several sources; {@link #build()} indexes them. Not thread-safe. */
    public static final class Loader {
        private final BuildLog log;
        private final Limits limits;
        private final Map<String, OsvRecord> records = new LinkedHashMap<>();
        private int malformed;
        private int withdrawn;
        private int duplicates;
        private int warnings;

        private Loader(BuildLog log, Limits limits) {
            this.log = log;
            this.limits = limits;
        }

        /** A directory, a {@code .zip} archive or a single {@code .json} record. */
        public Loader path(Path source) {
            if (Files.isDirectory(source)) {
                return directory(source);
            }
            if (!Files.isRegularFile(source)) {
                throw CicdException.project("the OSV database " + source + " does not exist");
            }
            if (source.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
                return zip(source);
            }
            Budget budget = new Budget(source.toString(), limits.maxTotalBytes());
            readJsonFile(source, budget);
            return this;
        }

        /** Every {@code *.json} record and {@code *.zip} archive below {@code dir}; links are not followed. */
        public Loader directory(Path dir) {
            Budget budget = new Budget(dir.toString(), limits.maxTotalBytes());
            List<Path> records = new ArrayList<>();
            List<Path> zips = new ArrayList<>();
            try {
                Files.walkFileTree(dir, EnumSet.noneOf(FileVisitOption.class), 32, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                        if (!attrs.isRegularFile()) {
                            log.debug("Skipped " + file + ": not a regular file");
                        } else if (name.endsWith(".json")) {
                            records.add(file);
                        } else if (name.endsWith(".zip")) {
                            zips.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        skip(file.toString(), "could not be read: " + e.getMessage());
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw CicdException.environment(
                        "could not read the OSV database directory " + dir + ": " + e.getMessage(), e);
            }
            // Sorted, so that which of two equally recent copies of a record wins does not depend on the file system.
            records.sort(null);
            records.forEach(file -> readJsonFile(file, budget));
            zips.sort(null);
            zips.forEach(this::zip);
            return this;
        }

        /** Each {@code *.json} entry of an osv.dev archive, read in memory. */
        public Loader zip(Path archive) {
            Budget budget = new Budget(archive.toString(), limits.maxTotalBytes());
            try (ZipFile zip = new ZipFile(archive.toFile())) {
                int entries = 0;
                Enumeration<? extends ZipEntry> all = zip.entries();
                while (all.hasMoreElements()) {
                    ZipEntry entry = all.nextElement();
                    String where = archive + "!" + printable(entry.getName());
                    if (++entries > limits.maxEntries()) {
                        throw CicdException.environment("the OSV archive " + archive + " has more than "
                                + limits.maxEntries() + " entries; refused as a possible zip bomb");
                    }
                    if (entry.isDirectory()) {
                        continue;
                    }
                    if (!entry.getName().toLowerCase(Locale.ROOT).endsWith(".json")) {
                        log.debug("Skipped " + where + ": not a JSON record");
                        continue;
                    }
                    if (!safeEntryName(entry.getName())) {
                        skip(
                                where,
                                "its name is an absolute path or climbs out with '..', which osv.dev"
                                        + " archives never contain; the entry was not read");
                        continue;
                    }
                    if (entry.getSize() > limits.maxRecordBytes()) {
                        skip(
                                where,
                                "it declares " + entry.getSize() + " bytes, more than the " + limits.maxRecordBytes()
                                        + "-byte limit for one record");
                        continue;
                    }
                    byte[] data;
                    try (InputStream in = zip.getInputStream(entry)) {
                        data = budget.read(in, where, limits.maxRecordBytes());
                    } catch (ZipException e) {
                        skip(where, "the entry is corrupt: " + e.getMessage());
                        continue;
                    }
                    if (data == null) {
                        skip(
                                where,
                                "it expands to more than the " + limits.maxRecordBytes()
                                        + "-byte limit for one record");
                        continue;
                    }
                    parse(data, where);
                }
            } catch (ZipException e) {
                throw CicdException.environment(
                        "the OSV archive " + archive + " is not a readable zip file (" + e.getMessage()
                                + "); delete it and download it again",
                        e);
            } catch (IOException e) {
                throw CicdException.environment("could not read the OSV archive " + archive + ": " + e.getMessage(), e);
            }
            return this;
        }

        /** A record built in memory; validated like a loaded one. */
        public Loader add(OsvRecord record) {
            String problem = problem(record);
            if (problem != null) {
                skip(record == null || record.id() == null ? "a record" : printable(record.id()), problem);
            } else {
                keep(record, record.id());
            }
            return this;
        }

        public OsvDatabase build() {
            if (warnings > MAX_WARNINGS_PER_LOAD) {
                log.warn("OSV database: " + (warnings - MAX_WARNINGS_PER_LOAD)
                        + " more records were skipped (not listed)");
            }
            if (malformed > 0) {
                log.warn("OSV database: skipped " + malformed + " malformed or oversized records in total");
            }
            Stats stats = new Stats(records.size(), malformed, withdrawn, duplicates);
            log.debug("OSV database: " + stats);
            return new OsvDatabase(new LinkedHashMap<>(records), stats);
        }

        private void readJsonFile(Path file, Budget budget) {
            try {
                long size = Files.size(file);
                if (size > limits.maxRecordBytes()) {
                    skip(
                            file.toString(),
                            "it has " + size + " bytes, more than the " + limits.maxRecordBytes()
                                    + "-byte limit for one record");
                    return;
                }
                byte[] data;
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    data = budget.read(in, file.toString(), limits.maxRecordBytes());
                }
                if (data == null) {
                    skip(
                            file.toString(),
                            "it grew past the " + limits.maxRecordBytes() + "-byte limit while being read");
                    return;
                }
                parse(data, file.toString());
            } catch (IOException e) {
                skip(file.toString(), "could not be read: " + e.getMessage());
            }
        }

        private void parse(byte[] data, String where) {
            OsvRecord record;
            try {
                record = READER.readValue(data);
            } catch (IOException | RuntimeException e) {
                skip(where, "it is not a valid OSV record: " + reason(e));
                return;
            }
            String problem = problem(record);
            if (problem != null) {
                skip(where, problem);
                return;
            }
            keep(record, where);
        }

        private void keep(OsvRecord record, String where) {
            if (record.withdrawn() != null && !record.withdrawn().isBlank()) {
                withdrawn++;
                log.debug("Ignored " + where + ": advisory " + record.id() + " was withdrawn");
                return;
            }
            OsvRecord previous = records.get(record.id());
            if (previous != null) {
                duplicates++;
                // The same GHSA record sits in each ecosystem's archive it names: normal, and the newer copy wins.
                if (!isNewer(record.modified(), previous.modified())) {
                    return;
                }
            }
            records.put(record.id(), record);
        }

        private void skip(String where, String reason) {
            malformed++;
            if (++warnings <= MAX_WARNINGS_PER_LOAD) {
                log.warn("Skipped OSV record " + where + ": " + reason);
            }
        }
    }

    /** Why a parsed record cannot be used, or null. */
    static String problem(OsvRecord record) {
        if (record == null) {
            return "it is empty";
        }
        if (record.id() == null || record.id().isBlank()) {
            return "it has no id";
        }
        if (record.id().length() > 256 || !record.id().chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            return "its id is not a printable identifier";
        }
        for (int a = 0; a < record.affected().size(); a++) {
            OsvRecord.Affected affected = record.affected().get(a);
            for (int r = 0; r < affected.ranges().size(); r++) {
                OsvRecord.Range range = affected.ranges().get(r);
                if (range.type() == null || range.type().isBlank()) {
                    return "affected[" + a + "].ranges[" + r + "] has no type";
                }
                for (OsvRecord.Event event : range.events()) {
                    if (event.kinds() != 1) {
                        return "an event in affected[" + a + "].ranges[" + r + "] sets " + event.kinds()
                                + " of introduced/fixed/last_affected/limit instead of exactly one";
                    }
                }
            }
        }
        return null;
    }

    private static boolean isNewer(String candidate, String current) {
        try {
            return candidate != null
                    && current != null
                    && OffsetDateTime.parse(candidate).isAfter(OffsetDateTime.parse(current));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Zip entry names are only ever used in messages, but a name built to escape a directory marks a tampered archive. */
    static boolean safeEntryName(String name) {
        if (name.isEmpty()
                || name.startsWith("/")
                || name.startsWith("\\")
                || name.indexOf('\0') >= 0
                || name.length() > 1 && name.charAt(1) == ':') {
            return false;
        }
        for (String segment : name.split("[/\\\\]")) {
            if (segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** A name from an archive as it may appear in a log line: no control characters, bounded. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return s.length() > 200 ? b + "..." : b.toString();
    }

    /** Jackson's message, bounded, with the JSON path of the offending field in front. */
    private static String reason(Exception e) {
        String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                ? j.getOriginalMessage()
                : e.getMessage();
        m = m == null ? e.getClass().getSimpleName() : m;
        int hint = m.indexOf(" (but could if");
        if (hint > 0) {
            m = m.substring(0, hint);
        }
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException j
                && !j.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : j.getPath()) {
                if (r.getFieldName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    path.append('[').append(r.getIndex()).append(']');
                }
            }
            if (!path.isEmpty()) {
                m = "at " + path + ": " + m;
            }
        }
        return printable(m);
    }

    /**
     * The bytes one archive or directory may expand to, spent as entries are inflated: the count is
     * of bytes actually read, so headers that understate sizes change nothing.
     */
    private static final class Budget {
        private final String source;
        private final long max;
        private long spent;

        Budget(String source, long max) {
            this.source = source;
            this.max = max;
        }

        /** The stream's bytes, or null if there are more than {@code maxRecord} (the rest is not read). */
        byte[] read(InputStream in, String where, long maxRecord) throws IOException {
            byte[] buffer = new byte[8192];
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                spent += n;
                if (spent > max) {
                    throw CicdException.environment("the OSV data in " + source + " expands to more than " + max
                            + " bytes (reached at " + where + "); refused as a possible zip bomb."
                            + " If the data is genuine, raise the limit");
                }
                if (total > maxRecord) {
                    return null;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }
}
