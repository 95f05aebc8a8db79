package dev.cicd.scan.inventory;

import static dev.cicd.scan.inventory.TestImages.DEBIAN_12;
import static dev.cicd.scan.inventory.TestImages.image;
import static dev.cicd.scan.inventory.TestImages.jar;
import static dev.cicd.scan.inventory.TestImages.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images made to hurt a scanner: each must cost bounded resources, write nothing outside the work directory, and say what was refused. */
class HostileImageTest {

    @TempDir
    Path root;

    Path work;

    @BeforeEach
    void workDirectory() {
        work = root.resolve("work");
    }

    private Inventory read(byte[] export) {
        return read(export, InventoryLimits.DEFAULTS);
    }

    private Inventory read(byte[] export, InventoryLimits limits) {
        Inventory inventory = ImageInventory.read(new ByteArrayInputStream(export), work, BuildLog.silent(), limits);
        assertNothingWrittenOutsideWork();
        return inventory;
    }

    private void assertNothingWrittenOutsideWork() {
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.filter(p -> !p.equals(root))).allMatch(p -> p.startsWith(work));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).as("scratch files left in the work directory").isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> names(Inventory inventory) {
        return inventory.packages().stream()
                .map(p -> p.name() + "@" + p.version())
                .toList();
    }

    private static byte[] log4j() {
        return jar().pom("org.apache.logging.log4j", "log4j-core", "2.14.1").bytes();
    }

    @Test
    void entriesWithDotDotOrAbsolutePathsAreSkippedAndNamed() {
        Inventory inventory = read(image(layer().file("../../escaped.txt", "x")
                .file(
                        "app/../../../lib/evil-1.0.jar",
                        jar().pom("evil", "evil", "1.0").bytes())
                .file("/etc/os-release", DEBIAN_12)
                .file("app/log4j-core-2.14.1.jar", log4j())));

        assertThat(names(inventory)).containsExactly("org.apache.logging.log4j:log4j-core@2.14.1");
        assertThat(inventory.os()).isNull();
        assertThat(inventory.warnings())
                .anySatisfy(w ->
                        assertThat(w).contains("'../../escaped.txt' refused").contains(".."))
                .anySatisfy(w -> assertThat(w).contains("'app/../../../lib/evil-1.0.jar' refused"))
                .anySatisfy(
                        w -> assertThat(w).contains("'/etc/os-release' refused").contains("absolute"));
    }

    @Test
    void exportEntriesOutsideTheArchiveAreIgnoredAndAManifestPointingThereIsRefused() {
        TestImages.Layer l = layer().file("etc/os-release", DEBIAN_12);
        TestImages.Layer outer = layer().file("../evil/layer.tar", l.bytes())
                .file("good/layer.tar", l.bytes())
                .symlink("linked/layer.tar", "../../../../etc/shadow")
                .file("c.json", "{\"rootfs\":{\"diff_ids\":[]}}")
                .file("manifest.json", TestImages.manifest("c.json", List.of("good/layer.tar")));
        Inventory inventory = read(outer.bytes());
        assertThat(inventory.os()).isNotNull();
        assertThat(inventory.warnings())
                .anySatisfy(w -> assertThat(w).contains("'../evil/layer.tar' refused"))
                .anySatisfy(w -> assertThat(w).contains("linked/layer.tar").contains("outside the archive"));

        TestImages.Layer escaping = layer().file("c.json", "{}")
                .file("manifest.json", TestImages.manifest("c.json", List.of("../../../../etc/passwd")));
        assertThatThrownBy(() -> read(escaping.bytes()))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("../../../../etc/passwd")
                .hasMessageContaining("refused");
    }

    @Test
    void symlinkOutsideTheRootIsNotFollowed() {
        Inventory inventory = read(image(layer().symlink("etc/os-release", "../../../../../etc/os-release")
                .file("usr/lib/os-release", DEBIAN_12)));

        assertThat(inventory.warnings())
                .anySatisfy(w -> assertThat(w)
                        .contains("symbolic link /etc/os-release -> ../../../../../etc/os-release")
                        .contains("outside the image root"));
        // The fallback is still read: one bad link does not cost the scan.
        assertThat(inventory.os().id()).isEqualTo("debian");
    }

    @Test
    void symlinkLoopsEndWithAWarning() {
        Inventory inventory = read(image(layer().symlink("etc/os-release", "os-release.d/current")
                .symlink("etc/os-release.d", "/etc/loop")
                .symlink("etc/loop", "/etc/os-release.d")
                .symlink("var/lib/dpkg", "dpkg")
                .file("usr/lib/os-release", TestImages.ALPINE_3_19)));

        assertThat(inventory.warnings())
                .anySatisfy(w -> assertThat(w)
                        .contains("/etc/os-release could not be resolved")
                        .contains("loop")
                        .contains("/etc/os-release.d"));
        assertThat(inventory.warnings())
                .anySatisfy(w -> assertThat(w).contains("/var/lib/dpkg/status").contains("loop"));
        assertThat(inventory.os().id()).isEqualTo("alpine");
    }

    @Test
    void hardLinks() {
        Inventory inventory = read(image(layer().file("app/lib/log4j-core-2.14.1.jar", log4j())
                .hardLink("opt/copy/log4j.jar", "app/lib/log4j-core-2.14.1.jar")
                .hardLink("opt/escape.jar", "../../../etc/passwd")
                .hardLink("opt/absolute", "/etc/shadow")
                .hardLink("opt/dangling.jar", "app/not-there.jar")));

        assertThat(inventory.packages())
                .extracting(Package::location)
                .containsExactly("/app/lib/log4j-core-2.14.1.jar", "/opt/copy/log4j.jar");
        assertThat(inventory.warnings())
                .anySatisfy(w -> assertThat(w).contains("hard link /opt/escape.jar -> '../../../etc/passwd' refused"))
                .anySatisfy(w -> assertThat(w).contains("hard link /opt/absolute -> '/etc/shadow' refused"))
                .anySatisfy(w -> assertThat(w).contains("/opt/dangling.jar is a hard link to /app/not-there.jar"));
    }

    @Test
    void hugeFilesAreNotReadButTheRestIs() {
        InventoryLimits limits = InventoryLimits.DEFAULTS
                .withMaxJavaArchiveBytes(20_000)
                .withMaxTextFileBytes(1_000)
                .withMaxPackageDatabaseBytes(2_000);
        byte[] bigJar = jar().pom("com.example", "big", "1.0")
                .entry("payload.bin", random(40_000))
                .bytes();
        String bigStatus = TestImages.resource("dpkg-status");

        Inventory inventory = read(
                image(layer().file("etc/os-release", DEBIAN_12)
                        .file("var/lib/dpkg/status", bigStatus)
                        .file("app/big.jar", bigJar)
                        .file(
                                "app/node_modules/huge/package.json",
                                "{\"name\":\"huge\",\"version\":\"1.0.0\",\"x\":\"" + "a".repeat(5_000) + "\"}")
                        .file("app/log4j-core-2.14.1.jar", log4j())),
                limits);

        assertThat(names(inventory)).containsExactly("org.apache.logging.log4j:log4j-core@2.14.1");
        assertThat(inventory.warnings())
                .anySatisfy(w -> assertThat(w).contains("/app/big.jar is").contains("over the 20000-byte limit"))
                .anySatisfy(
                        w -> assertThat(w).contains("/var/lib/dpkg/status is").contains("over the 2000-byte limit"))
                .anySatisfy(w -> assertThat(w)
                        .contains("/app/node_modules/huge/package.json is")
                        .contains("limit"));
    }

    @Test
    void zipBombsAreCutShort() {
        // Many entries.
        TestImages.Jar manyEntries = jar().pom("com.example", "many", "1.0");
        for (int i = 0; i < 300; i++) {
            manyEntries.classFile("c/C" + i + ".class");
        }
        // A nested archive that inflates far beyond its size.
        byte[] inflating = jar().pom("com.example", "inner", "1.0")
                .stored("zeros.bin", new byte[3_000_000])
                .bytes();
        byte[] bomb = jar().pom("com.example", "outer", "1.0")
                .entry(
                        "lib/inflating.jar",
                        jar().entry("lib/inner-1.0.jar", inflating).bytes())
                .bytes();
        // Archives nested deeper than the limit.
        byte[] deep = jar().pom("com.example", "level4", "4").bytes();
        for (int level = 3; level >= 1; level--) {
            deep = jar().pom("com.example", "level" + level, String.valueOf(level))
                    .entry("lib/level" + (level + 1) + ".jar", deep)
                    .bytes();
        }
        // Fan-out: the same archive ten times in each of four levels.
        byte[] fan = jar().pom("com.example", "leaf", "1").bytes();
        for (int level = 0; level < 4; level++) {
            TestImages.Jar wider = jar();
            for (int i = 0; i < 10; i++) {
                wider.entry("lib/copy" + i + ".jar", fan);
            }
            fan = wider.bytes();
        }
        assertThat(bomb.length).isLessThan(20_000);
        InventoryLimits limits = InventoryLimits.DEFAULTS.withArchiveBudget(3, 200, 1_000_000);

        Inventory inventory = read(
                image(layer().file("app/many.jar", manyEntries.bytes())
                        .file("app/bomb.jar", bomb)
                        .file("app/deep.jar", deep)
                        .file("app/fan.jar", fan)),
                limits);

        assertThat(names(inventory))
                .contains("com.example:outer@1.0", "com.example:level1@1", "com.example:level3@3")
                .doesNotContain("com.example:inner@1.0", "com.example:level4@4");
        assertThat(inventory.warnings())
                .anySatisfy(w -> assertThat(w).startsWith("/app/many.jar: more than 200 entries"))
                .anySatisfy(w -> assertThat(w)
                        .contains("/app/bomb.jar!/lib/inflating.jar!/lib/inner-1.0.jar")
                        .contains("1000000-byte budget"))
                .anySatisfy(w -> assertThat(w)
                        .contains("/app/deep.jar!/lib/level2.jar!/lib/level3.jar!/lib/level4.jar")
                        .contains("nested more than 3 deep"))
                .anySatisfy(w -> assertThat(w).startsWith("/app/fan.jar"));
    }

    @Test
    void nestedArchiveNamesCannotWriteOutsideTheWorkDirectory() {
        byte[] slip = jar().entry(
                        "../../../../../../slipped-1.0.jar",
                        jar().pom("com.example", "slipped", "1.0").bytes())
                .entry(
                        "/tmp/absolute-1.0.jar",
                        jar().pom("com.example", "absolute", "1.0").bytes())
                .bytes();

        Inventory inventory = read(image(layer().file("app/slip.jar", slip)));

        assertThat(names(inventory)).containsExactlyInAnyOrder("com.example:slipped@1.0", "com.example:absolute@1.0");
        assertThat(Path.of("/tmp/absolute-1.0.jar")).doesNotExist();
    }

    @Test
    void malformedDpkgDatabase() {
        byte[] garbage = random(5_000);
        String status = """
                Package: good
                Status: install ok installed
                Version: 1.0-1
                Architecture: amd64

                Package: no-version
                Status: install ok installed

                Package: Bad Name!
                Status: install ok installed
                Version: 1

                this line is not a field
                Version: 2.0
                Status: install ok installed

                Package: bad-version
                Status: install ok installed
                Version: 1.0 with spaces

                Package: no-status
                Version: 1.0

                """ + "Description: " + "x".repeat(200_000)
                + "\n\nPackage: after-long-line\nStatus: install ok installed\nVersion: 3\n";

        Inventory inventory = read(image(layer().file("etc/os-release", DEBIAN_12)
                .file("var/lib/dpkg/status", status)
                .file("var/lib/dpkg/status.d/garbage", garbage)));

        assertThat(names(inventory)).containsExactly("after-long-line@3", "good@1.0-1");
        assertThat(inventory.warnings())
                .anySatisfy(w ->
                        assertThat(w).contains("/var/lib/dpkg/status: entry at line 6 (no-version) has no Version"))
                .anySatisfy(w -> assertThat(w).contains("invalid package name 'Bad Name!'"))
                .anySatisfy(w -> assertThat(w).contains("has no Package field"))
                .anySatisfy(w -> assertThat(w).contains("(bad-version) has an invalid version"))
                .anySatisfy(w -> assertThat(w).contains("(no-status) has no Status field"))
                .anySatisfy(w -> assertThat(w).contains("/var/lib/dpkg/status.d/garbage is not a dpkg database"));
    }

    @Test
    void malformedApkDatabase() {
        String installed =
                "P:ok\nV:1.0-r0\n\nP:noversion\n\n" + "garbage line\n".repeat(3) + "V:2.0\n\nP:bad name\nV:1\n";

        Inventory inventory = read(
                image(layer().file("etc/os-release", TestImages.ALPINE_3_19).file("lib/apk/db/installed", installed)));

        assertThat(names(inventory)).containsExactly("ok@1.0-r0");
        assertThat(inventory.warnings())
                .anySatisfy(w -> assertThat(w).contains("(noversion) has no V:"))
                .anySatisfy(w -> assertThat(w).contains("has no P:"))
                .anySatisfy(w -> assertThat(w).contains("invalid package name 'bad name'"))
                .anySatisfy(w -> assertThat(w).contains("3 malformed line(s) ignored, the first at line 6"));
    }

    @Test
    void pomPropertiesWithoutVersionFallsBackAndSaysSo() {
        Inventory inventory = read(image(layer().file(
                        "app/lib/guava-31.1-jre.jar",
                        jar().pom("com.google.guava", "guava", null).bytes())
                .file(
                        "app/lib/other.jar",
                        jar().pom("com.example", "other", null)
                                .manifest("Implementation-Title: other", "Implementation-Version: 0.9")
                                .bytes())));

        assertThat(inventory.packages())
                .extracting(Package::name, Package::version, Package::purl)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("guava", "31.1-jre", "pkg:generic/guava@31.1-jre"),
                        org.assertj.core.groups.Tuple.tuple("other", "0.9", "pkg:generic/other@0.9"));
        assertThat(inventory.warnings())
                .anySatisfy(w -> assertThat(w)
                        .isEqualTo("/app/lib/guava-31.1-jre.jar!/META-INF/maven/com.google.guava/guava/"
                                + "pom.properties has no version; ignored"));
    }

    @Test
    void filesThatAreNotWhatTheirNameSays() {
        Inventory inventory = read(image(layer().file("app/not-a-zip-1.0.jar", "just text")
                .file("app/truncated.jar", Arrays.copyOf(log4j(), 100))
                .file("app/node_modules/x/package.json", "{\"name\": [1,2], \"version\": {}}")
                .file("app/node_modules/y/package.json", "[".repeat(5_000))
                .file("site/pkg-1.0.dist-info/METADATA", "\u0000\u0001binary")
                .file("etc/os-release", "\u0000\u0000\u0000")));

        assertThat(inventory.packages()).isEmpty();
        assertThat(inventory.warnings())
                .anySatisfy(w -> assertThat(w).startsWith("/app/not-a-zip-1.0.jar is not a readable Java archive"))
                .anySatisfy(w -> assertThat(w).startsWith("/app/truncated.jar is not a readable Java archive"))
                .anySatisfy(w -> assertThat(w).startsWith("/app/node_modules/y/package.json is not valid JSON"))
                .anySatisfy(w -> assertThat(w).startsWith("/site/pkg-1.0.dist-info/METADATA has no Name"))
                .anySatisfy(w -> assertThat(w).startsWith("/etc/os-release has no ID"));
    }

    @Test
    void aCorruptLayerKeepsWhatWasReadAndTheOtherLayers() {
        byte[] good = layer().file("app/log4j-core-2.14.1.jar", log4j()).bytes();
        byte[] corrupt = layer().file("etc/os-release", DEBIAN_12)
                .file("app/second-1.0.jar", jar().pom("x", "second", "1.0").bytes())
                .bytes();
        // Garbage where the second entry's headers are.
        int secondHeader = indexOf(corrupt, "app_second".getBytes(StandardCharsets.US_ASCII)) / 512 * 512;
        byte[] damaged = corrupt.clone();
        Arrays.fill(damaged, secondHeader, secondHeader + 512, (byte) 'Z');

        Inventory inventory = read(TestImages.export(TestImages.Format.LEGACY, List.of(good, damaged), null));

        assertThat(inventory.os()).isNotNull();
        assertThat(names(inventory)).containsExactly("org.apache.logging.log4j:log4j-core@2.14.1");
        assertThat(inventory.warnings())
                .anySatisfy(w -> assertThat(w).startsWith("layer 2").contains("unreadable after /etc/os-release"));
    }

    @Test
    void oversizedTarHeadersAreRefused() {
        // A GNU long name and a PAX header of 2 MB each: commons-compress would read either whole into memory.
        for (byte type : new byte[] {'L', 'x'}) {
            int size = 2_000_000;
            ByteArrayOutputStream layerTar = new ByteArrayOutputStream();
            layerTar.writeBytes(header("././@LongLink", type, size));
            layerTar.writeBytes(new byte[size + (512 - size % 512) % 512]);
            layerTar.writeBytes(header("app/x.jar", (byte) '0', 0));
            layerTar.writeBytes(new byte[1024]);
            byte[] good = layer().file("etc/os-release", DEBIAN_12).bytes();

            Inventory inventory =
                    read(TestImages.export(TestImages.Format.LEGACY, List.of(good, layerTar.toByteArray()), null));

            assertThat(inventory.os()).isNotNull();
            assertThat(inventory.warnings())
                    .anySatisfy(w -> assertThat(w)
                            .startsWith("layer 2")
                            .contains("2000000-byte extended tar header")
                            .contains("refused"));
        }
    }

    @Test
    void sparseFilesAreRefused() {
        byte[] sparse = layer().file("data/sparse.img", "content").bytes();
        sparse[156] = 'S';
        fixChecksum(sparse, 0);

        // PAX 1.0 sparse: the map would be read from the file data into memory, entry by entry.
        byte[] record = "22 GNU.sparse.major=1\n22 GNU.sparse.minor=0\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream pax = new ByteArrayOutputStream();
        pax.writeBytes(header("./PaxHeaders/disk.img", (byte) 'x', record.length));
        pax.writeBytes(Arrays.copyOf(record, 512));
        pax.writeBytes(header("disk.img", (byte) '0', 512));
        pax.writeBytes(("9999999999\n").getBytes(StandardCharsets.US_ASCII));
        pax.writeBytes(new byte[512 - 11 + 1024]);

        Inventory inventory =
                read(TestImages.export(TestImages.Format.LEGACY, List.of(sparse, pax.toByteArray()), null));

        assertThat(inventory.warnings())
                .anySatisfy(w -> assertThat(w).startsWith("layer 1").contains("GNU sparse file entry"))
                .anySatisfy(w -> assertThat(w).startsWith("layer 2").contains("PAX sparse file entry"));
    }

    @Test
    void pathTrackingIsBoundedAndSaysWhenItStops() {
        TestImages.Layer many = layer();
        for (int i = 0; i < 50; i++) {
            many.file("data/f" + i, "x");
        }
        Inventory inventory = read(
                image(many, layer().file("app/log4j-core-2.14.1.jar", log4j())),
                InventoryLimits.DEFAULTS.withMaxTrackedPaths(20));

        assertThat(names(inventory)).containsExactly("org.apache.logging.log4j:log4j-core@2.14.1");
        assertThat(inventory.warnings()).anySatisfy(w -> assertThat(w).contains("more than 20 files"));
    }

    @Test
    void catalogedFilesAreBounded() {
        TestImages.Layer many = layer();
        for (int i = 0; i < 10; i++) {
            many.file("srv/node_modules/p" + i + "/package.json", "{\"name\":\"p" + i + "\",\"version\":\"1.0.0\"}");
        }
        Inventory inventory = read(image(many), InventoryLimits.DEFAULTS.withMaxCatalogedFiles(4));

        assertThat(inventory.packages()).hasSize(4);
        assertThat(inventory.warnings()).anySatisfy(w -> assertThat(w).contains("more than 4 package metadata files"));
    }

    @Test
    void warningsAreBounded() {
        TestImages.Layer noisy = layer();
        for (int i = 0; i < 500; i++) {
            noisy.file("../escape" + i, "x");
        }
        Inventory inventory = read(image(noisy));

        assertThat(inventory.warnings())
                .hasSizeLessThanOrEqualTo(InventoryLimits.DEFAULTS.maxWarnings() + 1)
                .anySatisfy(w -> assertThat(w).contains("more problems in this layer not shown"));
    }

    private static int indexOf(byte[] data, byte[] part) {
        for (int i = 0; i + part.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new java.util.Random(42).nextBytes(b);
        return b;
    }

    private static byte[] header(String name, byte type, long size) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, h, 0, n.length);
        System.arraycopy("0000644\0".getBytes(StandardCharsets.US_ASCII), 0, h, 100, 8);
        System.arraycopy("0000000\0".getBytes(StandardCharsets.US_ASCII), 0, h, 108, 8);
        System.arraycopy("0000000\0".getBytes(StandardCharsets.US_ASCII), 0, h, 116, 8);
        System.arraycopy(String.format("%011o\0", size).getBytes(StandardCharsets.US_ASCII), 0, h, 124, 12);
        System.arraycopy(String.format("%011o\0", 0).getBytes(StandardCharsets.US_ASCII), 0, h, 136, 12);
        h[156] = type;
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        fixChecksum(h, 0);
        return h;
    }

    private static void fixChecksum(byte[] tar, int header) {
        Arrays.fill(tar, header + 148, header + 156, (byte) ' ');
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += tar[header + i] & 0xff;
        }
        byte[] octal = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(octal, 0, tar, header + 148, 8);
    }
}
