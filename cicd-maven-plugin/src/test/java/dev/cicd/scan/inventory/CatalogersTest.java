package dev.cicd.scan.inventory;

import static dev.cicd.scan.inventory.TestImages.DEBIAN_12;
import static dev.cicd.scan.inventory.TestImages.image;
import static dev.cicd.scan.inventory.TestImages.jar;
import static dev.cicd.scan.inventory.TestImages.layer;
import static dev.cicd.scan.inventory.TestImages.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.cicd.common.BuildLog;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogersTest {

    @TempDir
    Path work;

    private Inventory read(TestImages.Layer... layers) {
        return ImageInventory.read(new ByteArrayInputStream(image(layers)), work, BuildLog.silent());
    }

    private static List<Package> ofType(Inventory inventory, String type) {
        return inventory.packages().stream().filter(p -> p.type().equals(type)).toList();
    }

    @Test
    void dpkgStatusListsInstalledPackagesWithTheirSources() {
        Inventory inventory =
                read(layer().file("etc/os-release", DEBIAN_12).file("var/lib/dpkg/status", resource("dpkg-status")));

        assertThat(inventory.warnings()).isEmpty();
        assertThat(inventory.packages())
                .extracting(Package::name, Package::version, Package::sourceName, Package::ecosystem)
                .containsExactly(
                        tuple("base-files", "12.4+deb12u5", "base-files", "Debian:12"),
                        tuple("libc6", "2.36-9+deb12u4", "glibc", "Debian:12"),
                        tuple("libgcc-s1", "12.2.0-14", "gcc-12", "Debian:12"),
                        tuple("libssl3", "3.0.11-1~deb12u2", "openssl", "Debian:12"),
                        tuple("libxml2", "2.9.14+dfsg-1.3~deb12u1+b1", "libxml2", "Debian:12"),
                        tuple("zlib1g", "1:1.2.13.dfsg-1", "zlib", "Debian:12"));
        Package libssl = inventory.packages().get(3);
        assertThat(libssl.purl())
                .isEqualTo("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl");
        assertThat(libssl.location()).isEqualTo("/var/lib/dpkg/status");
        assertThat(libssl.type()).isEqualTo(Package.DEB);
        Package libxml2 = inventory.packages().get(4);
        assertThat(libxml2.sourceVersion()).isEqualTo("2.9.14+dfsg-1.3~deb12u1");
        assertThat(libxml2.purl()).contains("upstream=libxml2%402.9.14%2Bdfsg-1.3~deb12u1");
        assertThat(inventory.packages().get(0).purl()).doesNotContain("upstream");
        assertThat(inventory.packages().get(0).sourceVersion()).isEqualTo("12.4+deb12u5");
    }

    @Test
    void ubuntuPackagesGetTheUbuntuNamespaceAndEcosystem() {
        Inventory inventory = read(layer().file("usr/lib/os-release", TestImages.UBUNTU_22_04)
                .symlink("etc/os-release", "../usr/lib/os-release")
                .file(
                        "var/lib/dpkg/status",
                        "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\n"
                                + "Source: openssl\nVersion: 3.0.2-0ubuntu1.15\n"));

        assertThat(inventory.packages()).singleElement().satisfies(p -> {
            assertThat(p.ecosystem()).isEqualTo("Ubuntu:22.04");
            assertThat(p.purl())
                    .isEqualTo(
                            "pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.15?arch=amd64&distro=ubuntu-22.04&upstream=openssl");
        });
    }

    @Test
    void distrolessStatusDirectoryHasOnePackagePerFile() {
        Inventory inventory = read(layer().file("etc/os-release", DEBIAN_12)
                .dir("var/lib/dpkg/status.d")
                .file("var/lib/dpkg/status.d/libssl3", resource("distroless-libssl3"))
                .file(
                        "var/lib/dpkg/status.d/libssl3.md5sums",
                        "0123456789abcdef  usr/lib/x86_64-linux-gnu/libssl.so.3\n")
                .file("var/lib/dpkg/status.d/base-files", resource("distroless-base-files")));

        assertThat(inventory.warnings()).isEmpty();
        assertThat(inventory.packages())
                .extracting(Package::name, Package::sourceName, Package::location)
                .containsExactly(
                        tuple("base-files", "base-files", "/var/lib/dpkg/status.d/base-files"),
                        tuple("libssl3", "openssl", "/var/lib/dpkg/status.d/libssl3"));
    }

    @Test
    void apkInstalledDatabase() {
        Inventory inventory = read(layer().file("etc/os-release", TestImages.ALPINE_3_19)
                .file("lib/apk/db/installed", resource("apk-installed")));

        assertThat(inventory.warnings()).isEmpty();
        assertThat(inventory.packages())
                .extracting(Package::name, Package::version, Package::sourceName, Package::ecosystem)
                .containsExactly(
                        tuple("busybox", "1.36.1-r15", "busybox", "Alpine:v3.19"),
                        tuple("libcrypto3", "3.1.4-r5", "openssl", "Alpine:v3.19"),
                        tuple("musl", "1.2.4_git20230717-r4", "musl", "Alpine:v3.19"));
        assertThat(inventory.packages().get(1).purl())
                .isEqualTo("pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=alpine-3.19.1&upstream=openssl");
    }

    @Test
    void jarWithPomProperties() {
        Inventory inventory = read(layer().file(
                        "app/lib/log4j-core-2.14.1.jar",
                        jar().manifest("Implementation-Title: Apache Log4j Core", "Implementation-Version: 2.14.1")
                                .pom("org.apache.logging.log4j", "log4j-core", "2.14.1")
                                .classFile("org/apache/logging/log4j/core/Logger.class")
                                .bytes()));

        assertThat(inventory.packages())
                .singleElement()
                .isEqualTo(new Package(
                        "maven",
                        "org.apache.logging.log4j:log4j-core",
                        "2.14.1",
                        null,
                        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                        "/app/lib/log4j-core-2.14.1.jar",
                        "Maven"));
    }

    @Test
    void shadedJarReportsEveryPomProperties() {
        Inventory inventory = read(layer().file(
                        "opt/tool/tool-all.jar",
                        jar().pom("com.example", "tool", "3.1.0")
                                .pom("com.google.guava", "guava", "31.1-jre")
                                .pom("com.fasterxml.jackson.core", "jackson-databind", "2.13.0")
                                .classFile("shaded/com/google/common/base/Preconditions.class")
                                .bytes()));

        assertThat(inventory.packages())
                .extracting(Package::name, Package::version, Package::location)
                .containsExactly(
                        tuple("com.example:tool", "3.1.0", "/opt/tool/tool-all.jar"),
                        tuple("com.google.guava:guava", "31.1-jre", "/opt/tool/tool-all.jar"),
                        tuple("com.fasterxml.jackson.core:jackson-databind", "2.13.0", "/opt/tool/tool-all.jar"));
    }

    @Test
    void springBootJarWithNestedJars() {
        byte[] springCore =
                jar().pom("org.springframework", "spring-core", "6.1.2").bytes();
        byte[] snake = jar().manifest("Bundle-SymbolicName: org.yaml.snakeyaml;singleton:=true", "Bundle-Version: 2.2")
                .bytes();
        byte[] noMetadata = jar().classFile("a/B.class").bytes();
        // A war inside the fat jar, with a jar inside it: three levels.
        byte[] war = jar().entry(
                        "WEB-INF/lib/commons-text-1.9.jar",
                        jar().pom("org.apache.commons", "commons-text", "1.9").bytes())
                .bytes();
        byte[] boot = jar().manifest(
                        "Main-Class: org.springframework.boot.loader.launch.JarLauncher",
                        "Start-Class: com.example.Application")
                .pom("com.example", "delivery", "1.4.0")
                .classFile("BOOT-INF/classes/com/example/Application.class")
                .stored("BOOT-INF/lib/spring-core-6.1.2.jar", springCore)
                .stored("BOOT-INF/lib/snakeyaml-2.2.jar", snake)
                .stored("BOOT-INF/lib/jackson-annotations-2.15.3.jar", noMetadata)
                .entry("BOOT-INF/lib/legacy.war", war)
                .bytes();

        Inventory inventory = read(layer().file("app/app.jar", boot));

        assertThat(inventory.warnings()).isEmpty();
        assertThat(inventory.packages())
                .extracting(Package::name, Package::version, Package::location, Package::purl)
                .containsExactly(
                        tuple("com.example:delivery", "1.4.0", "/app/app.jar", "pkg:maven/com.example/delivery@1.4.0"),
                        tuple(
                                "org.springframework:spring-core",
                                "6.1.2",
                                "/app/app.jar!/BOOT-INF/lib/spring-core-6.1.2.jar",
                                "pkg:maven/org.springframework/spring-core@6.1.2"),
                        tuple(
                                "org.yaml.snakeyaml",
                                "2.2",
                                "/app/app.jar!/BOOT-INF/lib/snakeyaml-2.2.jar",
                                "pkg:generic/org.yaml.snakeyaml@2.2"),
                        tuple(
                                "jackson-annotations",
                                "2.15.3",
                                "/app/app.jar!/BOOT-INF/lib/jackson-annotations-2.15.3.jar",
                                "pkg:generic/jackson-annotations@2.15.3"),
                        tuple(
                                "org.apache.commons:commons-text",
                                "1.9",
                                "/app/app.jar!/BOOT-INF/lib/legacy.war!/WEB-INF/lib/commons-text-1.9.jar",
                                "pkg:maven/org.apache.commons/commons-text@1.9"));
    }

    @Test
    void jarIdentifiedByItsManifestOrItsFileName() {
        Inventory inventory = read(layer().file(
                        "usr/share/java/commons-lang3.jar",
                        jar().manifest("Implementation-Title: commons-lang3", "Implementation-Version: 3.12.0")
                                .bytes())
                .file(
                        "usr/share/java/netty-codec-4.1.100.Final.jar",
                        jar().classFile("io/netty/X.class").bytes())
                .file("usr/share/java/app.jar", jar().classFile("A.class").bytes()));

        assertThat(inventory.packages())
                .extracting(Package::name, Package::version)
                .containsExactly(tuple("commons-lang3", "3.12.0"), tuple("netty-codec", "4.1.100.Final"));
        assertThat(inventory.warnings()).isEmpty();
    }

    @Test
    void nodeModulesPackages() {
        Inventory inventory = read(
                layer().file("srv/app/package.json", "{\"name\":\"my-service\",\"version\":\"1.0.0\",\"private\":true}")
                        .file(
                                "srv/app/node_modules/express/package.json",
                                "{\n  \"name\": \"express\",\n  \"description\":"
                                        + " \"Fast, unopinionated, minimalist web framework\",\n  \"version\": \"4.17.1\",\n  \"license\": \"MIT\"\n}")
                        .file(
                                "srv/app/node_modules/@babel/core/package.json",
                                "{\"name\":\"@babel/core\",\"version\":\"7.23.2\"}")
                        .file(
                                "srv/app/node_modules/express/lib/package.json",
                                "{\"name\":\"not-a-package\",\"version\":\"0.0.1\"}")
                        .file("srv/app/node_modules/resolve/test/resolver/package.json", "{\"main\":\"index.js\"}")
                        .file(
                                "srv/app/node_modules/.pnpm/qs@6.7.0/node_modules/qs/package.json",
                                "{\"name\":\"qs\",\"version\":\"6.7.0\"}")
                        .file("srv/app/node_modules/workspace-only/package.json", "{\"private\":true}"));

        assertThat(inventory.warnings()).isEmpty();
        assertThat(inventory.packages())
                .extracting(Package::name, Package::version, Package::purl, Package::ecosystem)
                .containsExactlyInAnyOrder(
                        tuple("express", "4.17.1", "pkg:npm/express@4.17.1", "npm"),
                        tuple("@babel/core", "7.23.2", "pkg:npm/%40babel/core@7.23.2", "npm"),
                        tuple("qs", "6.7.0", "pkg:npm/qs@6.7.0", "npm"));
    }

    @Test
    void pythonDistributions() {
        Inventory inventory = read(layer().file("usr/lib/python3/dist-packages/PyYAML-6.0.1.dist-info/METADATA", """
                        Metadata-Version: 2.1
                        Name: PyYAML
                        Version: 6.0.1
                        Summary: YAML parser and emitter for Python
                        Home-page: https://pyyaml.org/
                        License: MIT
                        Requires-Python: >=3.6

                        YAML is a data serialization format designed for human readability
                        Name: not-this
                        """)
                .file(
                        "usr/local/lib/python3.11/site-packages/zope.interface-6.1.dist-info/METADATA",
                        "Metadata-Version: 2.1\nName: zope.interface\nVersion: 6.1\n")
                .file(
                        "usr/lib/python3/dist-packages/requests-2.25.1.egg-info/PKG-INFO",
                        "Metadata-Version: 1.2\nName: requests\nVersion: 2.25.1\n")
                .file(
                        "usr/lib/python3/dist-packages/six-1.16.0.egg-info",
                        "Metadata-Version: 1.0\nName: six\nVersion: 1.16.0\n"));

        assertThat(inventory.warnings()).isEmpty();
        assertThat(inventory.packages())
                .extracting(Package::name, Package::version, Package::purl, Package::ecosystem)
                .containsExactlyInAnyOrder(
                        tuple("pyyaml", "6.0.1", "pkg:pypi/pyyaml@6.0.1", "PyPI"),
                        tuple("zope-interface", "6.1", "pkg:pypi/zope-interface@6.1", "PyPI"),
                        tuple("requests", "2.25.1", "pkg:pypi/requests@2.25.1", "PyPI"),
                        tuple("six", "1.16.0", "pkg:pypi/six@1.16.0", "PyPI"));
    }

    @Test
    void osReleaseEcosystems() {
        assertThat(OsRelease.parse(DEBIAN_12).ecosystem()).isEqualTo("Debian:12");
        assertThat(OsRelease.parse(TestImages.ALPINE_3_19).ecosystem()).isEqualTo("Alpine:v3.19");
        assertThat(OsRelease.parse(TestImages.UBUNTU_22_04).ecosystem()).isEqualTo("Ubuntu:22.04");
        assertThat(OsRelease.parse("ID=debian\nPRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\n")
                        .ecosystem())
                .isEqualTo("Debian");
        assertThat(OsRelease.parse("ID='wolfi'\nVERSION_ID=\"20230201\"\n").ecosystem())
                .isNull();
        assertThat(OsRelease.parse("# comment only\nNAME=x\n")).isNull();
        assertThat(OsRelease.parse("ID=\"distro\\\"quoted\"\n").id()).isEqualTo("distro\"quoted");
    }
}
