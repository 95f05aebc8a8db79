package dev.cicd.scan.inventory;

import static dev.cicd.scan.inventory.TestImages.DEBIAN_12;
import static dev.cicd.scan.inventory.TestImages.image;
import static dev.cicd.scan.inventory.TestImages.jar;
import static dev.cicd.scan.inventory.TestImages.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.scan.inventory.TestImages.Format;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImageInventoryTest {

    @TempDir
    Path work;

    private Inventory read(byte[] export) {
        return ImageInventory.read(new ByteArrayInputStream(export), work, BuildLog.silent());
    }

    private static List<String> names(Inventory inventory) {
        return inventory.packages().stream()
                .map(p -> p.name() + "@" + p.version())
                .toList();
    }

    private static byte[] npm(String name, String version) {
        return ("{\"name\":\"" + name + "\",\"version\":\"" + version + "\",\"main\":\"index.js\"}").getBytes();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void readsEveryExportLayout(Format format) {
        TestImages.Layer base = layer().dir("etc")
                .file("etc/os-release", DEBIAN_12)
                .dir("var/lib/dpkg")
                .file("var/lib/dpkg/status", TestImages.resource("dpkg-status"));
        TestImages.Layer app = layer().dir("app")
                .file(
                        "app/lib/log4j-core-2.14.1.jar",
                        jar().pom("org.apache.logging.log4j", "log4j-core", "2.14.1")
                                .bytes());
        byte[] export = TestImages.image(format, base, app);

        Inventory inventory = read(export);

        assertThat(inventory.warnings()).isEmpty();
        assertThat(inventory.os()).isEqualTo(new OsRelease("debian", "12", "Debian GNU/Linux 12 (bookworm)"));
        assertThat(names(inventory)).contains("libssl3@3.0.11-1~deb12u2", "org.apache.logging.log4j:log4j-core@2.14.1");
        assertThat(inventory.layers())
                .containsExactly(
                        "sha256:" + TestImages.sha256(base.bytes()), "sha256:" + TestImages.sha256(app.bytes()));
        assertThat(inventory.imageId()).startsWith("sha256:").hasSize(71);
    }

    @Test
    void aFileDeletedByAnUpperLayerIsNotReported() {
        byte[] export = image(
                layer().file(
                                "app/lib/old-1.0.jar",
                                jar().pom("com.example", "old", "1.0").bytes())
                        .file(
                                "app/lib/kept-2.0.jar",
                                jar().pom("com.example", "kept", "2.0").bytes())
                        .file("srv/node_modules/lodash/package.json", npm("lodash", "4.17.20")),
                layer().whiteout("app/lib/old-1.0.jar").whiteout("srv/node_modules/lodash"));

        Inventory inventory = read(export);

        assertThat(names(inventory)).containsExactly("com.example:kept@2.0");
    }

    @Test
    void anOpaqueDirectoryHidesLowerLayersButNotItsOwnContent() {
        byte[] export = image(
                layer().file("srv/node_modules/lodash/package.json", npm("lodash", "4.17.20"))
                        .file("srv/node_modules/minimist/package.json", npm("minimist", "1.2.5"))
                        .file("srv/other/node_modules/left-pad/package.json", npm("left-pad", "1.3.0")),
                layer().dir("srv/node_modules")
                        .opaque("srv/node_modules")
                        .file("srv/node_modules/lodash/package.json", npm("lodash", "4.17.21")));

        Inventory inventory = read(export);

        assertThat(names(inventory)).containsExactlyInAnyOrder("lodash@4.17.21", "left-pad@1.3.0");
    }

    @Test
    void aFileReplacedByAnUpperLayerIsReportedOnceWithTheNewContent() {
        byte[] export = image(
                layer().file(
                                "app/app.jar",
                                jar().pom("com.example", "app", "1.0").bytes()),
                layer().file(
                                "app/app.jar",
                                jar().pom("com.example", "app", "2.0").bytes()),
                layer().file("unrelated", "x"));

        assertThat(names(read(export))).containsExactly("com.example:app@2.0");
    }

    @Test
    void aDirectoryReplacedByAFileOrSymlinkTakesItsContentWithIt() {
        byte[] export = image(
                layer().file(
                                "opt/a/lib/a-1.0.jar",
                                jar().pom("com.example", "a", "1.0").bytes())
                        .file(
                                "opt/b/lib/b-1.0.jar",
                                jar().pom("com.example", "b", "1.0").bytes()),
                layer().file("opt/a", "now a file").symlink("opt/b", "/elsewhere"));

        assertThat(read(export).packages()).isEmpty();
    }

    @Test
    void aPathDeletedAndAddedAgainIsReported() {
        byte[] export = image(
                layer().file(
                                "app/lib/x-1.0.jar",
                                jar().pom("com.example", "x", "1.0").bytes()),
                layer().whiteout("app/lib"),
                layer().file(
                                "app/lib/x-1.1.jar",
                                jar().pom("com.example", "x", "1.1").bytes()));

        assertThat(names(read(export))).containsExactly("com.example:x@1.1");
    }

    @Test
    void aWhiteoutInALayerDoesNotDeleteTheSameLayersFiles() {
        byte[] export = image(
                layer().file("app/x.jar", jar().pom("com.example", "x", "1.0").bytes()),
                layer().whiteout("app/x.jar")
                        .file("app/x.jar", jar().pom("com.example", "x", "2.0").bytes()));

        assertThat(names(read(export))).containsExactly("com.example:x@2.0");
    }

    @Test
    void osReleaseIsFoundThroughItsSymbolicLinkAndTheLinkCanBeReplaced() {
        byte[] export =
                image(layer().file("usr/lib/os-release", DEBIAN_12).symlink("etc/os-release", "../usr/lib/os-release"));
        assertThat(read(export).os().id()).isEqualTo("debian");

        byte[] onlyUsrLib = image(layer().file("usr/lib/os-release", TestImages.ALPINE_3_19));
        assertThat(read(onlyUsrLib).os().ecosystem()).isEqualTo("Alpine:v3.19");

        byte[] relinked = image(
                layer().file("usr/lib/os-release", DEBIAN_12).symlink("etc/os-release", "../usr/lib/os-release"),
                layer().file("etc/alpine-release", "3.19.1").file("usr/lib/os-release.alpine", TestImages.ALPINE_3_19),
                layer().file("etc/os-release", TestImages.ALPINE_3_19));
        assertThat(read(relinked).os().id()).isEqualTo("alpine");
    }

    @Test
    void databasesUnderASymlinkedDirectoryAreFound() {
        // Merged /usr: /lib is a link to usr/lib, as in Debian 12.
        byte[] export = image(layer().symlink("lib", "usr/lib")
                .file("usr/lib/apk/db/installed", TestImages.resource("apk-installed"))
                .file("etc/os-release", TestImages.ALPINE_3_19));

        assertThat(names(read(export))).contains("musl@1.2.4_git20230717-r4");
    }

    @Test
    void aLayerStoredTwiceIsReadOnce() {
        // docker save writes a repeated layer once and a symbolic link to it for the second place.
        TestImages.Layer a = layer().file(
                        "app/a-1.0.jar", jar().pom("com.example", "a", "1.0").bytes());
        TestImages.Layer b = layer().whiteout("app/a-1.0.jar");
        String configJson = "{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + TestImages.sha256(a.bytes())
                + "\",\"sha256:" + TestImages.sha256(b.bytes()) + "\",\"sha256:" + TestImages.sha256(a.bytes())
                + "\"]}}";
        TestImages.Layer outer = layer().file("aaa/layer.tar", a.bytes())
                .file("bbb/layer.tar", b.bytes())
                .symlink("ccc/layer.tar", "../aaa/layer.tar")
                .file("c0nf1g.json", configJson)
                .file(
                        "manifest.json",
                        TestImages.manifest("c0nf1g.json", List.of("aaa/layer.tar", "bbb/layer.tar", "ccc/layer.tar")));

        Inventory inventory = read(outer.bytes());

        assertThat(names(inventory)).containsExactly("com.example:a@1.0");
        assertThat(inventory.layers()).hasSize(3);
        assertThat(inventory.warnings()).isEmpty();
    }

    @Test
    void aLayerWhoseDigestDiffersFromTheConfigIsReported() {
        TestImages.Layer l = layer().file("etc/os-release", DEBIAN_12);
        byte[] export = TestImages.export(Format.LEGACY, List.of(l.bytes()), List.of("sha256:" + "0".repeat(64)));

        Inventory inventory = read(export);

        assertThat(inventory.warnings())
                .singleElement()
                .asString()
                .contains("layer 1")
                .contains("the image config says sha256:" + "0".repeat(64));
        assertThat(inventory.os()).isNotNull();
    }

    @Test
    void somethingThatIsNotAnExportIsRefused() {
        assertThatThrownBy(() -> read(TestImages.tar(Map.of("hello.txt", "hi".getBytes()))))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("manifest.json")
                .extracting(e -> ((CicdException) e).kind())
                .isEqualTo(CicdException.Kind.PROJECT);
        assertThatThrownBy(() -> read(
                        "this is not a tar at all, not even close".repeat(30).getBytes()))
                .isInstanceOf(CicdException.class);
    }

    @Test
    void aLayerMissingFromTheArchiveIsAnError() {
        TestImages.Layer outer = layer().file("c.json", "{\"rootfs\":{\"diff_ids\":[]}}")
                .file("manifest.json", TestImages.manifest("c.json", List.of("missing/layer.tar")));

        assertThatThrownBy(() -> read(outer.bytes()))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("missing/layer.tar");
    }

    @Test
    void aBrokenStreamIsAnEnvironmentProblem() {
        byte[] export = image(layer().file("etc/os-release", DEBIAN_12).file("big", new byte[100_000]));
        InputStream failing = new InputStream() {
            int left = 20_000;
            final InputStream in = new ByteArrayInputStream(export);

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("connection reset by peer");
                }
                return in.read();
            }
        };

        assertThatThrownBy(() -> ImageInventory.read(failing, work, BuildLog.silent()))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("connection reset")
                .extracting(e -> ((CicdException) e).kind())
                .isEqualTo(CicdException.Kind.ENVIRONMENT);
    }

    @Test
    void theWorkDirectoryIsLeftEmpty() throws IOException {
        byte[] export = image(
                layer().file("app/a.jar", jar().pom("com.example", "a", "1").bytes()));
        read(export);
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void warningsAreLogged() {
        var warned = new java.util.ArrayList<String>();
        BuildLog log = new BuildLog() {
            @Override
            public void info(String message) {}

            @Override
            public void warn(String message) {
                warned.add(message);
            }

            @Override
            public void error(String message) {}

            @Override
            public void debug(String message) {}
        };
        byte[] export = image(layer().file("app/x/node_modules/bad/package.json", "{not json"));
        Inventory inventory = ImageInventory.read(new ByteArrayInputStream(export), work, log);
        assertThat(warned)
                .isEqualTo(inventory.warnings())
                .singleElement()
                .asString()
                .contains("/app/x/node_modules/bad/package.json");
    }
}
