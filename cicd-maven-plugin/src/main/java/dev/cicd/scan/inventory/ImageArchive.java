package dev.cicd.scan.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.common.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads an image export ({@code docker save}, legacy or OCI layout) into its image: the image ID,
 * and the layers in the order the manifest gives, each indexed by {@link LayerIndex}.
 *
 * <p>The export is read once, front to back. Its layer tars come before the {@code manifest.json}
 * (or {@code index.json}) that says their order, so each layer is indexed as it streams by, and the
 * small JSON files (manifests, config) are kept until the end. Then the manifest is followed to the
 * config and the layers, and each layer's content digest is checked against the config's
 * {@code diff_ids}. What is inside a layer is {@link LayerIndex}'s business (and its catalogers');
 * this class knows the export's format only: which entry is a layer, a manifest or a config.
 */
final class ImageArchive {

    /** The image an export holds: its ID (the config's digest), its layers bottom up, and their IDs. */
    record Image(String imageId, List<LayerIndex> layers, List<String> layerIds) {}

    private static final int MAX_JSON_BYTES = 8 * 1024 * 1024;
    private static final long MAX_TOTAL_JSON_BYTES = 64L * 1024 * 1024;
    private static final int MAX_ARCHIVE_LAYERS = 1000;
    private static final int MAX_ARCHIVE_LINKS = 10_000;
    private static final int MAX_INDEX_DEPTH = 4;

    private final ScanContext context;
    private final BuildLog log;
    private final Map<String, byte[]> json = new HashMap<>();
    private long jsonBytes;
    private final Map<String, LayerIndex> layers = new LinkedHashMap<>();
    private final Map<String, String> links = new HashMap<>();
    private final Map<String, String> notLayers = new HashMap<>();

    private ImageArchive(ScanContext context, BuildLog log) {
        this.context = context;
        this.log = log;
    }

    /**
     * Reads the export to the end of its tar; problems with single entries and layers become warnings
     * in the context.
     *
     * @throws CicdException project, when the stream is not an image export or lacks a part its
     *     manifest names; environment, when the stream fails
     */
    static Image read(Streams.SourceGuard source, ScanContext context, BuildLog log) {
        ImageArchive archive = new ImageArchive(context, log);
        archive.readEntries(source);
        return archive.image();
    }

    private Image image() {
        Layout layout = layout();
        byte[] config = jsonEntry(layout.config());
        if (config == null) {
            throw CicdException.project("the image config " + layout.config()
                    + " named by the export's manifest is not in" + " the archive" + reason(layout.config()));
        }
        List<String> diffIds = diffIds(config);
        List<LayerIndex> ordered = new ArrayList<>();
        for (String name : layout.layers()) {
            LayerIndex layer = layers.get(follow(name));
            if (layer == null) {
                throw CicdException.project(
                        "layer " + name + " named by the export's manifest is not in the archive" + reason(name));
            }
            ordered.add(layer);
        }
        List<String> layerIds = layerIds(layout, ordered, diffIds);
        Set<LayerIndex> reported = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < ordered.size(); i++) {
            if (reported.add(ordered.get(i))) {
                for (String w : ordered.get(i).warnings()) {
                    context.warnings.add("layer " + (i + 1) + " (" + shortId(layerIds.get(i)) + "): " + w);
                }
            }
        }
        return new Image(Streams.sha256(config), ordered, layerIds);
    }

    /** The layers' IDs: the config's diff_ids, checked against the digests of the layers' content. */
    private List<String> layerIds(Layout layout, List<LayerIndex> ordered, List<String> diffIds) {
        List<String> layerIds = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            String digest = ordered.get(i).digest;
            String declared = diffIds.size() == ordered.size() ? diffIds.get(i) : null;
            if (declared != null && digest != null && !declared.equals(digest)) {
                context.warnings.add("layer " + (i + 1) + " (" + layout.layers().get(i) + "): its content has digest "
                        + digest + " but the image config says " + declared
                        + "; the export may have been tampered with");
            }
            layerIds.add(declared != null ? declared : (digest != null ? digest : "unknown"));
        }
        if (!diffIds.isEmpty() && diffIds.size() != ordered.size()) {
            context.warnings.add(
                    "the image config lists " + diffIds.size() + " layers but the manifest " + ordered.size());
        }
        return layerIds;
    }

    private void readEntries(Streams.SourceGuard source) {
        TarArchiveInputStream outer = new BoundedTarInputStream(source);
        try {
            TarArchiveEntry entry;
            while ((entry = outer.getNextEntry()) != null) {
                String name;
                try {
                    name = TarPaths.entry(entry.getName()).substring(1);
                } catch (TarPaths.Refused refused) {
                    context.warnings.add("export entry '" + DpkgDatabase.shorten(entry.getName()) + "' refused: "
                            + refused.getMessage());
                    continue;
                }
                if (name.isEmpty()) {
                    continue;
                }
                if (entry.isSymbolicLink() || entry.isLink()) {
                    link(name, entry);
                } else if (entry.isFile()) {
                    file(outer, name, entry.getSize());
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof CicdException cicd) {
                throw cicd;
            }
            if (source.failure() != null) {
                throw CicdException.environment(
                        "reading the image export failed: " + source.failure().getMessage(), source.failure());
            }
            throw CicdException.project("the image export is not a readable tar archive ("
                    + LanguagePackages.firstLine(e.getMessage()) + ")");
        }
    }

    /** Docker writes a layer that occurs twice once, and a symbolic link to it in the second place. */
    private void link(String name, TarArchiveEntry entry) {
        String target;
        if (entry.isSymbolicLink()) {
            target = entry.getLinkName() == null ? null : TarPaths.lexicalTarget("/" + name, entry.getLinkName());
        } else {
            try {
                target = TarPaths.entry(entry.getLinkName());
            } catch (TarPaths.Refused refused) {
                target = null;
            }
        }
        if (target == null || target.equals("/")) {
            context.warnings.add("export entry " + name + " links to '"
                    + DpkgDatabase.shorten(String.valueOf(entry.getLinkName())) + "', outside the archive; ignored");
        } else if (links.size() < MAX_ARCHIVE_LINKS) {
            links.put(name, target.substring(1));
        }
    }

    /** A file of the export, told apart by its first bytes: a layer (tar, gzip), JSON, or neither. */
    private void file(TarArchiveInputStream outer, String name, long size) throws IOException {
        InputStream in = Streams.unclosable(outer);
        byte[] head = in.readNBytes(512);
        if (isGzip(head) || isTar(head)) {
            layer(new SequenceInputStream(new ByteArrayInputStream(head), in), isGzip(head), name);
        } else if (looksLikeJson(head) && keepsJson(name)) {
            keepJson(in, head, name, size);
        } else if (notLayers.size() < MAX_ARCHIVE_LINKS) {
            notLayers.put(
                    name,
                    head.length >= 4
                                    && (head[0] & 0xff) == 0x28
                                    && (head[1] & 0xff) == 0xb5
                                    && (head[2] & 0xff) == 0x2f
                                    && (head[3] & 0xff) == 0xfd
                            ? " (it is zstd-compressed, which is not supported)"
                            : " (it is neither a tar archive nor JSON)");
        }
    }

    /** Indexes a layer tar, decompressing it first when gzipped, and takes its content digest. */
    private void layer(InputStream full, boolean gzip, String name) throws IOException {
        if (layers.size() >= MAX_ARCHIVE_LAYERS) {
            context.warnings.add(
                    "the export has more than " + MAX_ARCHIVE_LAYERS + " layer archives; " + name + " was not read");
            notLayers.put(name, " (not read: too many layers)");
            return;
        }
        LayerIndex layer = new LayerIndex(name);
        Streams.Sha256 digest;
        try {
            digest = new Streams.Sha256(
                    gzip
                            ? GzipCompressorInputStream.builder()
                                    .setInputStream(full)
                                    .setDecompressConcatenated(true)
                                    .get()
                            : full);
        } catch (IOException e) {
            if (context.source.failure() != null) {
                throw e;
            }
            notLayers.put(name, " (its gzip header is unreadable: " + e.getMessage() + ")");
            return;
        }
        layer.read(digest, context);
        try {
            layer.digest = digest.finish();
        } catch (IOException e) {
            if (context.source.failure() != null) {
                throw e;
            }
            layer.warn("the layer's compressed data is damaged (" + e.getMessage() + ")");
        }
        layers.put(name, layer);
        log.debug("indexed layer " + name + " (" + layer.digest + ")");
    }

    /** Keeps a JSON file (a manifest, index or config) for the end, within the size limits. */
    private void keepJson(InputStream in, byte[] head, String name, long size) throws IOException {
        if (size > MAX_JSON_BYTES || jsonBytes + size > MAX_TOTAL_JSON_BYTES) {
            notLayers.put(name, " (a JSON file of " + size + " bytes, over the limit)");
            return;
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream((int) size);
        data.write(head);
        data.write(in.readNBytes(MAX_JSON_BYTES - head.length + 1));
        json.put(name, data.toByteArray());
        jsonBytes += data.size();
    }

    private static boolean keepsJson(String name) {
        return name.equals("manifest.json")
                || name.equals("index.json")
                || (name.endsWith(".json") && !name.contains("/"))
                || name.startsWith("blobs/");
    }

    private static boolean isGzip(byte[] head) {
        return head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    }

    private static boolean isTar(byte[] head) {
        if (head.length < 512) {
            return false;
        }
        if (new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            return true;
        }
        for (byte b : head) {
            if (b != 0) {
                return false;
            }
        }
        return true; // an empty layer: only the end-of-archive blocks
    }

    private static boolean looksLikeJson(byte[] head) {
        for (byte b : head) {
            if (b == '{' || b == '[') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return false;
    }

    private String follow(String name) {
        String current = name;
        for (int hops = 0; hops < 16 && links.containsKey(current); hops++) {
            current = links.get(current);
        }
        return current;
    }

    private byte[] jsonEntry(String name) {
        return json.get(follow(name));
    }

    private String reason(String name) {
        String why = notLayers.get(follow(name));
        return why == null ? "" : why;
    }

    private record Layout(String config, List<String> layers) {}

    private Layout layout() {
        byte[] manifest = json.get("manifest.json");
        if (manifest != null) {
            return dockerLayout(manifest);
        }
        byte[] index = json.get("index.json");
        if (index != null) {
            return ociLayout(index);
        }
        throw CicdException.project(
                "the stream is not an image export (docker save): it has neither manifest.json nor" + " index.json");
    }

    private Layout dockerLayout(byte[] manifest) {
        JsonNode root = parse(manifest, "manifest.json");
        if (!root.isArray() || root.isEmpty() || !root.get(0).isObject()) {
            throw CicdException.project("manifest.json of the image export lists no image");
        }
        if (root.size() > 1) {
            context.warnings.add("the export holds " + root.size() + " images; only the first ("
                    + root.get(0).path("RepoTags") + ") was scanned");
        }
        JsonNode image = root.get(0);
        String config = image.path("Config").asText("");
        if (config.isEmpty() || !image.path("Layers").isArray()) {
            throw CicdException.project("manifest.json of the image export has no Config or Layers");
        }
        List<String> layerNames = new ArrayList<>();
        for (JsonNode layer : image.path("Layers")) {
            layerNames.add(archiveName(layer.asText(""), "manifest.json"));
        }
        return new Layout(archiveName(config, "manifest.json"), layerNames);
    }

    private Layout ociLayout(byte[] index) {
        JsonNode node = parse(index, "index.json");
        for (int depth = 0; depth < MAX_INDEX_DEPTH; depth++) {
            JsonNode manifests = node.path("manifests");
            if (!manifests.isArray() || manifests.isEmpty()) {
                throw CicdException.project("index.json of the image export lists no manifest");
            }
            JsonNode descriptor = manifests.get(0);
            String name = blobName(descriptor.path("digest").asText(""));
            byte[] blob = jsonEntry(name);
            if (blob == null) {
                throw CicdException.project(
                        "manifest " + name + " named by index.json is not in the archive" + reason(name));
            }
            node = parse(blob, name);
            if (node.path("manifests").isArray()) {
                continue;
            }
            String config = blobName(node.path("config").path("digest").asText(""));
            List<String> layerNames = new ArrayList<>();
            for (JsonNode layer : node.path("layers")) {
                layerNames.add(blobName(layer.path("digest").asText("")));
            }
            return new Layout(config, layerNames);
        }
        throw CicdException.project(
                "index.json of the image export nests indexes more than " + MAX_INDEX_DEPTH + " deep");
    }

    private static String blobName(String digest) {
        if (!digest.matches("[a-z0-9]+:[a-f0-9]{32,128}")) {
            throw CicdException.project(
                    "the image export names a blob by an invalid digest '" + DpkgDatabase.shorten(digest) + "'");
        }
        return "blobs/" + digest.replace(':', '/');
    }

    private static String archiveName(String name, String source) {
        try {
            String clean = TarPaths.entry(name);
            if (clean.equals("/")) {
                throw new TarPaths.Refused("it is empty");
            }
            return clean.substring(1);
        } catch (TarPaths.Refused refused) {
            throw CicdException.project(source + " of the image export names '" + DpkgDatabase.shorten(name)
                    + "', which is" + " refused: " + refused.getMessage());
        }
    }

    private List<String> diffIds(byte[] config) {
        JsonNode node = parse(config, "the image config");
        List<String> out = new ArrayList<>();
        for (JsonNode id : node.path("rootfs").path("diff_ids")) {
            out.add(id.asText(""));
        }
        return out;
    }

    private static JsonNode parse(byte[] data, String what) {
        try {
            JsonNode node = Json.MAPPER.readTree(data);
            if (node == null) {
                throw CicdException.project(what + " of the image export is empty");
            }
            return node;
        } catch (IOException e) {
            throw CicdException.project(what + " of the image export is not valid JSON ("
                    + LanguagePackages.firstLine(e.getMessage()) + ")");
        }
    }

    /** An image or layer ID short enough for a log line: {@code sha256:} and 12 hex digits. */
    static String shortId(String id) {
        return id.startsWith("sha256:") && id.length() > 19 ? id.substring(0, 19) : id;
    }
}
