package dev.cicd.scan.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cicd.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

class SbomsTest {

    private static final String IMAGE_ID = "sha256:" + "ab".repeat(32);
    private static final String DIGEST = "sha256:" + "cd".repeat(32);

    private static Inventory inventory() {
        return new Inventory(
                new OsRelease("debian", "12", "Debian GNU/Linux 12 (bookworm)"),
                List.of(
                        new Package(
                                "deb",
                                "libssl3",
                                "3.0.11-1~deb12u2",
                                "openssl",
                                "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl",
                                "/var/lib/dpkg/status",
                                "Debian:12"),
                        new Package(
                                "deb",
                                "libxml2",
                                "2.9.14+dfsg-1.3~deb12u1+b1",
                                "libxml2",
                                "pkg:deb/debian/libxml2@2.9.14%2Bdfsg-1.3~deb12u1%2Bb1?arch=amd64&distro=debian-12"
                                        + "&upstream=libxml2%402.9.14%2Bdfsg-1.3~deb12u1",
                                "/var/lib/dpkg/status",
                                "Debian:12"),
                        new Package(
                                "maven",
                                "org.apache.logging.log4j:log4j-core",
                                "2.14.1",
                                null,
                                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                                "/app/lib/log4j-core-2.14.1.jar",
                                "Maven"),
                        // The same library twice in the image: two components.
                        new Package(
                                "maven",
                                "org.apache.logging.log4j:log4j-core",
                                "2.14.1",
                                null,
                                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                                "/opt/other/log4j.jar",
                                "Maven"),
                        new Package(
                                "npm",
                                "@babel/core",
                                "7.23.2",
                                null,
                                "pkg:npm/%40babel/core@7.23.2",
                                "/srv/node_modules/@babel/core/package.json",
                                "npm")),
                List.of(),
                IMAGE_ID,
                List.of("sha256:" + "01".repeat(32), "sha256:" + "02".repeat(32)));
    }

    @Test
    void cycloneDxIsValidAgainstTheSchema() throws Exception {
        String json = Sboms.cycloneDx(inventory(), "registry.example.com:5000/team/delivery:1.4.0", DIGEST);

        JsonParser parser = new JsonParser();
        assertThat(parser.validate(json.getBytes(StandardCharsets.UTF_8), Version.VERSION_16))
                .isEmpty();
        Bom bom = parser.parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(bom.getSpecVersion()).isEqualTo("1.6");
        assertThat(bom.getSerialNumber()).startsWith("urn:uuid:");

        Component image = bom.getMetadata().getComponent();
        assertThat(image.getType()).isEqualTo(Component.Type.CONTAINER);
        assertThat(image.getName()).isEqualTo("registry.example.com:5000/team/delivery");
        assertThat(image.getVersion()).isEqualTo(DIGEST);
        assertThat(image.getPurl())
                .startsWith("pkg:oci/delivery@sha256%3A" + "cd".repeat(32))
                .contains("repository_url=registry.example.com%3A5000%2Fteam%2Fdelivery")
                .contains("tag=1.4.0");

        assertThat(bom.getComponents()).hasSize(6);
        Component os = bom.getComponents().get(0);
        assertThat(os.getType()).isEqualTo(Component.Type.OPERATING_SYSTEM);
        assertThat(os.getName()).isEqualTo("debian");
        assertThat(os.getVersion()).isEqualTo("12");

        Component libxml2 = bom.getComponents().get(2);
        assertThat(libxml2.getType()).isEqualTo(Component.Type.LIBRARY);
        assertThat(libxml2.getPurl()).startsWith("pkg:deb/debian/libxml2@");
        assertThat(libxml2.getProperties())
                .extracting(p -> p.getName() + "=" + p.getValue())
                .containsExactlyInAnyOrder(
                        "cicd:location=/var/lib/dpkg/status",
                        "cicd:ecosystem=Debian:12",
                        "cicd:source-package=libxml2",
                        "cicd:source-version=2.9.14+dfsg-1.3~deb12u1");

        Component log4j = bom.getComponents().get(3);
        assertThat(log4j.getGroup()).isEqualTo("org.apache.logging.log4j");
        assertThat(log4j.getName()).isEqualTo("log4j-core");
        assertThat(log4j.getBomRef()).isNotEqualTo(bom.getComponents().get(4).getBomRef());

        JsonNode tree = Json.MAPPER.readTree(json);
        assertThat(tree.path("dependencies").get(0).path("dependsOn")).hasSize(6);
        assertThat(tree.path("metadata")
                        .path("tools")
                        .path("components")
                        .get(0)
                        .path("name")
                        .asText())
                .isEqualTo("cicd-maven-plugin");
    }

    @Test
    void anImageWithoutOsOrDigestStillMakesAValidBom() throws Exception {
        Inventory empty = new Inventory(null, List.of(), List.of("something was skipped"), IMAGE_ID, List.of());

        String json = Sboms.cycloneDx(empty, "delivery", null);

        assertThat(new JsonParser().validate(json.getBytes(StandardCharsets.UTF_8), Version.VERSION_16))
                .isEmpty();
        Bom bom = new JsonParser().parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(bom.getMetadata().getComponent().getVersion()).isEqualTo(IMAGE_ID);
        assertThat(bom.getComponents()).isNullOrEmpty();
    }

    @Test
    void aBomFromARealInventory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path work) throws Exception {
        byte[] export = TestImages.image(TestImages.layer()
                .file("etc/os-release", TestImages.ALPINE_3_19)
                .file("lib/apk/db/installed", TestImages.resource("apk-installed"))
                .file(
                        "usr/lib/python3.11/site-packages/PyYAML-6.0.1.dist-info/METADATA",
                        "Name: PyYAML\nVersion: 6.0.1\n")
                .file(
                        "app/app.jar",
                        TestImages.jar()
                                .manifest("Bundle-SymbolicName: x.y", "Bundle-Version: 1.0.0")
                                .bytes()));
        Inventory inventory =
                ImageInventory.read(new java.io.ByteArrayInputStream(export), work, dev.cicd.common.BuildLog.silent());

        String json = Sboms.cycloneDx(inventory, "localhost:5000/app@" + DIGEST, DIGEST);

        assertThat(new JsonParser().validate(json.getBytes(StandardCharsets.UTF_8), Version.VERSION_16))
                .isEmpty();
        assertThat(new JsonParser().parse(json.getBytes(StandardCharsets.UTF_8)).getComponents())
                .extracting(Component::getPurl)
                .contains(
                        "pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=alpine-3.19.1&upstream=openssl",
                        "pkg:pypi/pyyaml@6.0.1",
                        "pkg:generic/x.y@1.0.0");
    }
}
