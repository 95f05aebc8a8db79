package dev.cicd.scan.inventory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cicd.common.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Image exports and Java archives built in memory, the way docker save and Maven lay them out. */
final class TestImages {

    private TestImages() {}

    enum Format {
        /** Docker before 25: {@code <id>/layer.tar}, config {@code <hex>.json}, manifest.json last. */
        LEGACY,
        /** Docker 25+: {@code blobs/sha256/...}, index.json and manifest.json. */
        OCI,
        /** OCI layout without Docker's manifest.json, layers gzip-compressed (skopeo, crane). */
        OCI_INDEX_ONLY_GZIP
    }

    /** One layer tar, entries in the order given. */
    static final class Layer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);
        private byte[] finished;

        Layer() {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        }

        Layer dir(String path) {
            return entry(new TarArchiveEntry(path.endsWith("/") ? path : path + "/", true), null);
        }

        Layer file(String path, String content) {
            return file(path, content.getBytes(StandardCharsets.UTF_8));
        }

        Layer file(String path, byte[] content) {
            TarArchiveEntry e = new TarArchiveEntry(path, true);
            e.setSize(content.length);
            return entry(e, content);
        }

        Layer symlink(String path, String target) {
            TarArchiveEntry e = new TarArchiveEntry(path, TarArchiveEntry.LF_SYMLINK, true);
            e.setLinkName(target);
            return entry(e, null);
        }

        Layer hardLink(String path, String target) {
            TarArchiveEntry e = new TarArchiveEntry(path, TarArchiveEntry.LF_LINK, true);
            e.setLinkName(target);
            return entry(e, null);
        }

        /** Deletes {@code path} from lower layers. */
        Layer whiteout(String path) {
            int slash = path.lastIndexOf('/');
            return file(path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1), new byte[0]);
        }

        /** Hides what lower layers have in {@code dir}. */
        Layer opaque(String dir) {
            return file(dir + "/.wh..wh..opq", new byte[0]);
        }

        Layer entry(TarArchiveEntry entry, byte[] content) {
            try {
                tar.putArchiveEntry(entry);
                if (content != null) {
                    tar.write(content);
                }
                tar.closeArchiveEntry();
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] bytes() {
            if (finished == null) {
                try {
                    tar.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                finished = bytes.toByteArray();
            }
            return finished;
        }
    }

    static Layer layer() {
        return new Layer();
    }

    static byte[] image(Layer... layers) {
        return image(Format.LEGACY, layers);
    }

    static byte[] image(Format format, Layer... layers) {
        List<byte[]> tars = new ArrayList<>();
        for (Layer l : layers) {
            tars.add(l.bytes());
        }
        return export(format, tars, null);
    }

    /** An export with the config's diff_ids given explicitly (null: the layers' real digests). */
    static byte[] export(Format format, List<byte[]> layerTars, List<String> diffIds) {
        List<String> ids = new ArrayList<>();
        for (byte[] t : layerTars) {
            ids.add("sha256:" + sha256(t));
        }
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diff = rootfs.putArray("diff_ids");
        (diffIds == null ? ids : diffIds).forEach(diff::add);
        byte[] configBytes = json(config);
        String configHex = sha256(configBytes);

        Map<String, byte[]> files = new LinkedHashMap<>();
        List<String> layerNames = new ArrayList<>();
        switch (format) {
            case LEGACY -> {
                // Docker writes the layer directories in ID order, not in layer order.
                Map<String, byte[]> byId = new java.util.TreeMap<>();
                for (int i = 0; i < layerTars.size(); i++) {
                    String id = sha256((i + ":" + ids.get(i)).getBytes(StandardCharsets.UTF_8));
                    layerNames.add(id + "/layer.tar");
                    byId.put(id + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8));
                    byId.put(id + "/json", ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
                    byId.put(id + "/layer.tar", layerTars.get(i));
                }
                files.putAll(byId);
                files.put(configHex + ".json", configBytes);
                files.put("manifest.json", manifest(configHex + ".json", layerNames));
                files.put("repositories", "{\"test/image\":{\"1\":\"x\"}}".getBytes(StandardCharsets.UTF_8));
            }
            case OCI, OCI_INDEX_ONLY_GZIP -> {
                boolean gzip = format == Format.OCI_INDEX_ONLY_GZIP;
                ObjectNode manifest = Json.MAPPER.createObjectNode();
                manifest.put("schemaVersion", 2);
                manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
                ObjectNode cfg = manifest.putObject("config");
                cfg.put("mediaType", "application/vnd.oci.image.config.v1+json");
                cfg.put("digest", "sha256:" + configHex);
                cfg.put("size", configBytes.length);
                ArrayNode ls = manifest.putArray("layers");
                Map<String, byte[]> blobs = new java.util.TreeMap<>();
                for (byte[] t : layerTars) {
                    byte[] blob = gzip ? gzip(t) : t;
                    String hex = sha256(blob);
                    ObjectNode d = ls.addObject();
                    d.put(
                            "mediaType",
                            gzip
                                    ? "application/vnd.oci.image.layer.v1.tar+gzip"
                                    : "application/vnd.oci.image.layer.v1.tar");
                    d.put("digest", "sha256:" + hex);
                    d.put("size", blob.length);
                    blobs.put("blobs/sha256/" + hex, blob);
                    layerNames.add("blobs/sha256/" + hex);
                }
                byte[] manifestBytes = json(manifest);
                String manifestHex = sha256(manifestBytes);
                blobs.put("blobs/sha256/" + configHex, configBytes);
                blobs.put("blobs/sha256/" + manifestHex, manifestBytes);
                files.putAll(blobs);
                ObjectNode index = Json.MAPPER.createObjectNode();
                index.put("schemaVersion", 2);
                index.put("mediaType", "application/vnd.oci.image.index.v1+json");
                ObjectNode m = index.putArray("manifests").addObject();
                m.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
                m.put("digest", "sha256:" + manifestHex);
                m.put("size", manifestBytes.length);
                files.put("index.json", json(index));
                if (!gzip) {
                    files.put("manifest.json", manifest("blobs/sha256/" + configHex, layerNames));
                }
                files.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            }
        }
        return tar(files);
    }

    static byte[] manifest(String config, List<String> layers) {
        ArrayNode root = Json.MAPPER.createArrayNode();
        ObjectNode image = root.addObject();
        image.put("Config", config);
        image.putArray("RepoTags").add("test/image:1");
        ArrayNode ls = image.putArray("Layers");
        layers.forEach(ls::add);
        return json(root);
    }

    static byte[] tar(Map<String, byte[]> files) {
        Layer outer = new Layer();
        files.forEach(outer::file);
        return outer.bytes();
    }

    static byte[] json(Object node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(data);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A zip with the entries given in order; {@code stored} ones are not compressed (as Spring Boot stores nested jars). */
    static final class Jar {
        private final Map<String, byte[]> entries = new LinkedHashMap<>();
        private final java.util.Set<String> stored = new java.util.HashSet<>();

        Jar entry(String name, byte[] content) {
            entries.put(name, content);
            return this;
        }

        Jar entry(String name, String content) {
            return entry(name, content.getBytes(StandardCharsets.UTF_8));
        }

        Jar stored(String name, byte[] content) {
            stored.add(name);
            return entry(name, content);
        }

        Jar pom(String group, String artifact, String version) {
            StringBuilder p = new StringBuilder("#Created by Apache Maven 3.9.6\n");
            if (version != null) {
                p.append("version=").append(version).append('\n');
            }
            p.append("groupId=")
                    .append(group)
                    .append('\n')
                    .append("artifactId=")
                    .append(artifact)
                    .append('\n');
            return entry("META-INF/maven/" + group + "/" + artifact + "/pom.properties", p.toString());
        }

        Jar manifest(String... attributes) {
            StringBuilder m = new StringBuilder("Manifest-Version: 1.0\r\n");
            for (String a : attributes) {
                m.append(a).append("\r\n");
            }
            return entry("META-INF/MANIFEST.MF", m.append("\r\n").toString());
        }

        Jar classFile(String name) {
            return entry(name, new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, 61});
        }

        byte[] bytes() {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (ZipOutputStream zip = new ZipOutputStream(out)) {
                    for (var e : entries.entrySet()) {
                        ZipEntry z = new ZipEntry(e.getKey());
                        if (stored.contains(e.getKey())) {
                            CRC32 crc = new CRC32();
                            crc.update(e.getValue());
                            z.setMethod(ZipEntry.STORED);
                            z.setSize(e.getValue().length);
                            z.setCompressedSize(e.getValue().length);
                            z.setCrc(crc.getValue());
                        }
                        zip.putNextEntry(z);
                        zip.write(e.getValue());
                        zip.closeEntry();
                    }
                }
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Jar jar() {
        return new Jar();
    }

    static final String DEBIAN_12 = """
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            NAME="Debian GNU/Linux"
            VERSION_ID="12"
            VERSION="12 (bookworm)"
            VERSION_CODENAME=bookworm
            ID=debian
            HOME_URL="https://www.debian.org/"
            SUPPORT_URL="https://www.debian.org/support"
            BUG_REPORT_URL="https://bugs.debian.org/"
            """;

    static final String ALPINE_3_19 = """
            NAME="Alpine Linux"
            ID=alpine
            VERSION_ID=3.19.1
            PRETTY_NAME="Alpine Linux v3.19"
            HOME_URL="https://alpinelinux.org/"
            BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
            """;

    static final String UBUNTU_22_04 = """
            PRETTY_NAME="Ubuntu 22.04.4 LTS"
            NAME="Ubuntu"
            VERSION_ID="22.04"
            VERSION="22.04.4 LTS (Jammy Jellyfish)"
            VERSION_CODENAME=jammy
            ID=ubuntu
            ID_LIKE=debian
            HOME_URL="https://www.ubuntu.com/"
            UBUNTU_CODENAME=jammy
            """;

    static String resource(String name) {
        try (var in = TestImages.class.getResourceAsStream("/inventory/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource inventory/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
