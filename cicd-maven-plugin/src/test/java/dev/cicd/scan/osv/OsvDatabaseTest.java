package dev.cicd.scan.osv;

import static dev.cicd.scan.osv.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cicd.common.CicdException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading untrusted advisory data: bad records are skipped and named, bombs refused, nothing written. */
class OsvDatabaseTest {

    @TempDir
    Path tmp;

    private final RecordingLog log = new RecordingLog();

    @Test
    void malformedRecordsAreSkippedWithAWarningNamingThemAndTheRestLoads() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("GOOD-1.json", utf8(good("GOOD-1", "1.0.0")));
        entries.put("BAD-JSON.json", utf8("{\"id\": \"BAD-JSON\", \"affected\": ["));
        entries.put("NO-ID.json", utf8("{\"summary\": \"no id\"}"));
        entries.put("BLANK-ID.json", utf8("{\"id\": \"  \"}"));
        entries.put("NUMBER-ID.json", utf8("{\"id\": 5}"));
        entries.put("ALIASES-STRING.json", utf8("{\"id\": \"X-1\", \"aliases\": \"CVE-2099-1\"}"));
        entries.put("AFFECTED-OBJECT.json", utf8("{\"id\": \"X-2\", \"affected\": {}}"));
        entries.put(
                "TWO-KINDS.json",
                utf8("{\"id\": \"X-3\", \"affected\": [{\"package\": {\"ecosystem\": \"npm\","
                        + " \"name\": \"a\"}, \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"introduced\": \"0\","
                        + " \"fixed\": \"1.0.0\"}]}]}]}"));
        entries.put("TRAILING.json", utf8("{\"id\": \"X-4\"} {\"id\": \"X-5\"}"));
        entries.put("DUPLICATE-KEY.json", utf8("{\"id\": \"X-6\", \"id\": \"GOOD-1\"}"));
        entries.put(
                "DEEP.json",
                utf8("{\"id\": \"X-7\", \"database_specific\": {\"a\": " + "[".repeat(500) + "]".repeat(500) + "}}"));
        entries.put("ARRAY.json", utf8("[]"));
        entries.put("EMPTY.json", new byte[0]);
        entries.put("BINARY.json", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        entries.put("GOOD-2.json", utf8(good("GOOD-2", "2.0.0")));
        Path zip = Fixtures.zip(tmp.resolve("all.zip"), entries);

        OsvDatabase db = OsvDatabase.loader(log).zip(zip).build();

        assertThat(db.records()).extracting(OsvRecord::id).containsExactlyInAnyOrder("GOOD-1", "GOOD-2");
        assertThat(db.stats().skippedMalformed()).isEqualTo(entries.size() - 2);
        for (String name : entries.keySet()) {
            if (!name.startsWith("GOOD")) {
                assertThat(log.warnings).as(name).anySatisfy(w -> assertThat(w).contains("all.zip!" + name));
            }
        }
        assertThat(log.warnings)
                .anySatisfy(w -> assertThat(w).contains("NO-ID.json").contains("has no id"));
        assertThat(Matcher.match(InstalledPackage.of("npm", "demo", "1.5.0"), db))
                .extracting(Finding::advisoryId)
                .containsExactly("GOOD-2");
    }

    @Test
    void withdrawnAdvisoriesAreLeftOut() {
        String withdrawn = "{\"id\": \"W-1\", \"withdrawn\": \"2024-01-01T00:00:00Z\", \"affected\": [{\"package\":"
                + " {\"ecosystem\": \"npm\", \"name\": \"demo\"}, \"ranges\": [{\"type\": \"SEMVER\", \"events\":"
                + " [{\"introduced\": \"0\"}]}]}]}";
        OsvDatabase db = OsvDatabase.loader(log)
                .zip(Fixtures.zip(tmp.resolve("all.zip"), Map.of("W-1.json", utf8(withdrawn))))
                .build();
        assertThat(db.size()).isZero();
        assertThat(db.stats().withdrawn()).isEqualTo(1);
        assertThat(Matcher.match(InstalledPackage.of("npm", "demo", "1.0.0"), db))
                .isEmpty();
        assertThat(log.warnings).isEmpty();
    }

    @Test
    void ofTwoCopiesOfARecordTheLaterModifiedWins() throws IOException {
        Path older = tmp.resolve("a/DUP-1.json");
        Path newer = tmp.resolve("b/DUP-1.json");
        Files.createDirectories(older.getParent());
        Files.createDirectories(newer.getParent());
        Files.writeString(
                newer, good("DUP-1", "9.0.0").replace("\"id\"", "\"modified\": \"2024-06-01T00:00:00Z\", \"id\""));
        Files.writeString(
                older, good("DUP-1", "1.0.0").replace("\"id\"", "\"modified\": \"2023-06-01T00:00:00Z\", \"id\""));
        OsvDatabase db = OsvDatabase.load(List.of(tmp.resolve("b"), tmp.resolve("a")), log);
        assertThat(db.size()).isEqualTo(1);
        assertThat(db.stats().duplicates()).isEqualTo(1);
        // the newer copy says fixed in 9.0.0, the older one (read last) fixed in 1.0.0
        assertThat(Matcher.match(InstalledPackage.of("npm", "demo", "5.0.0"), db))
                .hasSize(1);
        assertThat(Matcher.match(InstalledPackage.of("npm", "demo", "9.1.0"), db))
                .isEmpty();
    }

    @Test
    void anOversizedEntryIsRefusedNamingIt() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("HUGE-1.json", utf8(padded("HUGE-1", 11 << 20)));
        entries.put("GOOD-1.json", utf8(good("GOOD-1", "1.0.0")));
        OsvDatabase db = OsvDatabase.loader(log)
                .zip(Fixtures.zip(tmp.resolve("all.zip"), entries))
                .build();
        assertThat(db.records()).extracting(OsvRecord::id).containsExactly("GOOD-1");
        assertThat(log.warnings)
                .anySatisfy(w -> assertThat(w).contains("HUGE-1.json").contains("10485760-byte limit"));
    }

    @Test
    void sizesAreCountedWhileInflatingNotTakenFromTheHeaders() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("LIAR-1.json", utf8(padded("LIAR-1", 11 << 20)));
        entries.put("GOOD-1.json", utf8(good("GOOD-1", "1.0.0")));
        Path zip = Fixtures.zip(tmp.resolve("all.zip"), entries);
        understateSizes(zip);
        try (java.util.zip.ZipFile check = new java.util.zip.ZipFile(zip.toFile())) {
            assertThat(check.getEntry("LIAR-1.json").getSize())
                    .as("the forged header")
                    .isEqualTo(100);
        }

        OsvDatabase db = OsvDatabase.loader(log).zip(zip).build();

        assertThat(db.records()).extracting(OsvRecord::id).containsExactly("GOOD-1");
        assertThat(log.warnings)
                .anySatisfy(w -> assertThat(w).contains("LIAR-1.json").contains("expands to more than"));
    }

    @Test
    void anArchiveThatExpandsBeyondTheTotalLimitIsRefusedNamingTheEntry() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            entries.put("BOMB-" + i + ".json", utf8(padded("BOMB-" + i, 900_000)));
        }
        Path zip = Fixtures.zip(tmp.resolve("all.zip"), entries);
        OsvDatabase.Limits limits = new OsvDatabase.Limits(1_000_000, 3_000_000, 1000);
        assertThatThrownBy(() -> OsvDatabase.loader(log, limits).zip(zip))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("all.zip!BOMB-3.json")
                .hasMessageContaining("zip bomb")
                .satisfies(e -> assertThat(((CicdException) e).kind()).isEqualTo(CicdException.Kind.ENVIRONMENT));
    }

    @Test
    void anArchiveWithTooManyEntriesIsRefused() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            entries.put("E-" + i + ".json", utf8(good("E-" + i, "1.0.0")));
        }
        Path zip = Fixtures.zip(tmp.resolve("all.zip"), entries);
        assertThatThrownBy(() -> OsvDatabase.loader(log, new OsvDatabase.Limits(1 << 20, 1 << 30, 10))
                        .zip(zip))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("more than 10 entries");
    }

    @Test
    void entriesNamedToEscapeADirectoryAreNotReadAndNothingIsWritten() throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work/inner"));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("../../evil.json", utf8(good("EVIL-1", "1.0.0")));
        entries.put("/tmp/evil-absolute.json", utf8(good("EVIL-2", "1.0.0")));
        entries.put("a/../../evil2.json", utf8(good("EVIL-3", "1.0.0")));
        entries.put("C:\\evil.json", utf8(good("EVIL-4", "1.0.0")));
        entries.put("Maven/GOOD-1.json", utf8(good("GOOD-1", "1.0.0")));
        Path zip = Fixtures.zip(work.resolve("all.zip"), entries);
        List<Path> before = listing(tmp);

        OsvDatabase db = OsvDatabase.loader(log).zip(zip).build();

        assertThat(db.records()).extracting(OsvRecord::id).containsExactly("GOOD-1");
        assertThat(log.warnings).filteredOn(w -> w.contains("climbs out")).hasSize(4);
        assertThat(listing(tmp)).isEqualTo(before);
        assertThat(Path.of("/tmp/evil-absolute.json")).doesNotExist();
    }

    @Test
    void somethingThatIsNotAZipIsAClearError() throws IOException {
        Path notZip = Files.writeString(tmp.resolve("all.zip"), "<html>Service Unavailable</html>");
        assertThatThrownBy(() -> OsvDatabase.loader(log).zip(notZip))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining(notZip.toString())
                .hasMessageContaining("not a readable zip");
    }

    @Test
    void directoriesAreWalkedForRecordsAndArchivesWithoutFollowingLinks() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("db"));
        Files.createDirectories(root.resolve("npm/nested"));
        Files.writeString(root.resolve("npm/GOOD-1.json"), good("GOOD-1", "1.0.0"));
        Files.writeString(root.resolve("npm/nested/GOOD-2.json"), good("GOOD-2", "1.0.0"));
        Files.writeString(root.resolve("npm/notes.txt"), "not a record");
        Files.writeString(root.resolve("npm/BROKEN.json"), "{");
        Fixtures.zip(root.resolve("PyPI.zip"), Map.of("GOOD-3.json", utf8(good("GOOD-3", "1.0.0"))));
        Path outside = Files.writeString(tmp.resolve("outside.json"), good("OUTSIDE-1", "1.0.0"));
        Files.createSymbolicLink(root.resolve("npm/LINK.json"), outside);

        OsvDatabase db = OsvDatabase.load(List.of(root), log);

        assertThat(db.records()).extracting(OsvRecord::id).containsExactlyInAnyOrder("GOOD-1", "GOOD-2", "GOOD-3");
        assertThat(log.warnings)
                .filteredOn(w -> w.startsWith("Skipped OSV record"))
                .singleElement()
                .satisfies(w -> assertThat(w).contains("BROKEN.json"));
    }

    @Test
    void anOversizedFileIsSkipped() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("db"));
        Files.writeString(root.resolve("BIG.json"), padded("BIG", 2_000));
        Files.writeString(root.resolve("GOOD-1.json"), good("GOOD-1", "1.0.0"));
        OsvDatabase db = OsvDatabase.loader(log, new OsvDatabase.Limits(1_000, 1 << 20, 10))
                .directory(root)
                .build();
        assertThat(db.records()).extracting(OsvRecord::id).containsExactly("GOOD-1");
        assertThat(log.warnings)
                .anySatisfy(w -> assertThat(w).contains("BIG.json").contains("1000-byte limit"));
    }

    @Test
    void aMissingSourceIsTheUsersToFix() {
        assertThatThrownBy(() -> OsvDatabase.load(List.of(tmp.resolve("nowhere")), log))
                .isInstanceOf(CicdException.class)
                .satisfies(e -> assertThat(((CicdException) e).kind()).isEqualTo(CicdException.Kind.PROJECT));
    }

    @Test
    void warningsAreCappedSoABrokenArchiveDoesNotFloodTheLog() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            entries.put("BAD-" + i + ".json", utf8("{"));
        }
        OsvDatabase db = OsvDatabase.loader(log)
                .zip(Fixtures.zip(tmp.resolve("all.zip"), entries))
                .build();
        assertThat(db.stats().skippedMalformed()).isEqualTo(100);
        assertThat(log.warnings)
                .hasSizeLessThan(30)
                .anySatisfy(w -> assertThat(w).contains("75 more"))
                .anySatisfy(w -> assertThat(w).contains("skipped 100"));
    }

    @Test
    void recordsBuiltInMemoryAreValidatedToo() {
        OsvDatabase db = OsvDatabase.of(List.of(
                OsvRecord.of("OK-1", null, null, null, null),
                OsvRecord.of(null, null, null, null, null),
                OsvRecord.of("has space", null, null, null, null)));
        assertThat(db.records()).extracting(OsvRecord::id).containsExactly("OK-1");
    }

    @Test
    void paddingItselfIsNotAProblem() {
        OsvDatabase db = OsvDatabase.loader(log)
                .zip(Fixtures.zip(tmp.resolve("all.zip"), Map.of("P-1.json", utf8(padded("P-1", 1000)))))
                .build();
        assertThat(db.size()).isEqualTo(1);
        assertThat(log.warnings).isEmpty();
    }
    /** A valid npm advisory for "demo", fixed in {@code fixed}. */
    static String good(String id, String fixed) {
        return "{\"id\": \"" + id + "\", \"summary\": \"demo\", \"affected\": [{\"package\": {\"ecosystem\": \"npm\","
                + " \"name\": \"demo\"}, \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"introduced\": \"0\"},"
                + " {\"fixed\": \"" + fixed + "\"}]}]}]}";
    }

    /** A valid record padded with whitespace to about {@code size} bytes: compresses to almost nothing. */
    static String padded(String id, int size) {
        return "{\"id\": \"" + id + "\"," + " ".repeat(size) + "\"summary\": \"padded\"}";
    }

    /** Forges every central directory entry to claim 100 bytes uncompressed. */
    private static void understateSizes(Path zip) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 <= bytes.length; i++) {
            if (buffer.getInt(i) == 0x02014b50) {
                buffer.putInt(i + 24, 100);
            }
        }
        Files.write(zip, bytes);
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.sorted().toList();
        }
    }
}
