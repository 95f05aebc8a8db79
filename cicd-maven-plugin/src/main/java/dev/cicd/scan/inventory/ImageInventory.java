package dev.cicd.scan.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.common.Json;
import dev.cicd.scan.inventory.Candidate.Kind;
import dev.cicd.scan.inventory.Candidate.OsPackage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The packages in an image, read from its {@code docker save} export without extracting it.
 *
 * <p>The export is read once, front to back. Its layer tars come before the {@code manifest.json}
 * that says their order, so each layer is indexed as it streams by: every path as a salted 64-bit
 * hash, whiteouts, symbolic links, and what the catalogers found in the files they read. Once the
 * manifest has arrived the layers are stacked in order and only packages from files the merged
 * filesystem still has are reported. Nothing of the image is written to disk except one Java archive
 * at a time (and the archives nested in it, one level at a time), in a directory of its own under
 * the caller's work directory that is removed before returning.
 *
 * <p>Memory: 8 bytes per file in the image (up to {@link InventoryLimits#maxTrackedPaths()}), the
 * symbolic links, the packages found, and at most one text file of
 * {@link InventoryLimits#maxTextFileBytes()} at a time. Problems with single entries (unreadable,
 * too large, refused as dangerous) become warnings in the result; only an export that is not one, or
 * a stream that breaks, fails the call.
 */
public final class ImageInventory {

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

    private ImageInventory(ScanContext context, BuildLog log) {
        this.context = context;
        this.log = log;
    }

    /** {@link #read(InputStream, Path, BuildLog, InventoryLimits)} with {@link InventoryLimits#DEFAULTS}. */
    public static Inventory read(InputStream dockerSaveTar, Path workDirectory, BuildLog log) {
        return read(dockerSaveTar, workDirectory, log, InventoryLimits.DEFAULTS);
    }

    /**
     * Reads an image export ({@code docker save}, legacy or OCI layout) to its end and lists its packages.
     *
     * @param dockerSaveTar the export; read to the end of the tar, not closed
     * @param workDirectory where a scratch directory for Java archives is made (and removed again)
     * @param log gets a summary line and every warning
     * @throws CicdException project, when the stream is not an image export or lacks a part its
     *     manifest names; environment, when the stream fails or the work directory cannot be written
     */
    public static Inventory read(InputStream dockerSaveTar, Path workDirectory, BuildLog log, InventoryLimits limits) {
        Path scratch = createScratch(workDirectory);
        try {
            Streams.SourceGuard source = new Streams.SourceGuard(dockerSaveTar);
            ScanContext context = new ScanContext(limits, new JavaArchives(scratch, limits), source);
            return new ImageInventory(context, log).run(source);
        } finally {
            deleteTree(scratch);
        }
    }

    private Inventory run(Streams.SourceGuard source) {
        readArchive(source);
        Layout layout = layout();
        byte[] config = jsonEntry(layout.config());
        if (config == null) {
            throw CicdException.project("the image config " + layout.config()
                    + " named by the export's manifest is not in" + " the archive" + reason(layout.config()));
        }
        String imageId = Streams.sha256(config);
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
        Set<LayerIndex> reported = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < ordered.size(); i++) {
            if (reported.add(ordered.get(i))) {
                for (String w : ordered.get(i).warnings()) {
                    context.warnings.add("layer " + (i + 1) + " (" + shortId(layerIds.get(i)) + "): " + w);
                }
            }
        }
        Inventory inventory = catalog(new MergedView(ordered, context.hashes), imageId, layerIds);
        log.info("image " + shortId(imageId) + ": " + inventory.packages().size() + " packages"
                + summary(inventory.packages())
                + " in " + ordered.size() + " layers"
                + (inventory.warnings().isEmpty()
                        ? ""
                        : ", " + inventory.warnings().size() + " warnings"));
        inventory.warnings().forEach(log::warn);
        return inventory;
    }

    private void readArchive(Streams.SourceGuard source) {
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

    private void file(TarArchiveInputStream outer, String name, long size) throws IOException {
        InputStream in = Streams.unclosable(outer);
        byte[] head = in.readNBytes(512);
        if (isGzip(head) || isTar(head)) {
            if (layers.size() >= MAX_ARCHIVE_LAYERS) {
                context.warnings.add("the export has more than " + MAX_ARCHIVE_LAYERS + " layer archives; " + name
                        + " was not read");
                notLayers.put(name, " (not read: too many layers)");
                return;
            }
            LayerIndex layer = new LayerIndex(name);
            InputStream full = new SequenceInputStream(new ByteArrayInputStream(head), in);
            Streams.Sha256 digest;
            try {
                digest = new Streams.Sha256(
                        isGzip(head)
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
        } else if (looksLikeJson(head) && keepsJson(name)) {
            if (size > MAX_JSON_BYTES || jsonBytes + size > MAX_TOTAL_JSON_BYTES) {
                notLayers.put(name, " (a JSON file of " + size + " bytes, over the limit)");
                return;
            }
            ByteArrayOutputStream data = new ByteArrayOutputStream((int) size);
            data.write(head);
            data.write(in.readNBytes(MAX_JSON_BYTES - head.length + 1));
            json.put(name, data.toByteArray());
            jsonBytes += data.size();
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

    private Inventory catalog(MergedView view, String imageId, List<String> layerIds) {
        Warnings warnings = context.warnings;
        OsRelease os = osRelease(view, warnings);

        List<Candidate> databases = new ArrayList<>();
        Candidate dpkg = lookup(view, "/var/lib/dpkg/status", Kind.DPKG_STATUS, warnings);
        if (dpkg != null) {
            databases.add(dpkg);
        }
        MergedView.Resolution statusD = view.resolve("/var/lib/dpkg/status.d");
        if (statusD.problem() != null) {
            warnings.add("/var/lib/dpkg/status.d could not be resolved: " + statusD.problem());
        } else if (statusD.path() != null) {
            String dir = statusD.path();
            databases.addAll(view.visible(
                    c -> c.kind == Kind.DPKG_STATUS_D && TarPaths.parent(c.path).equals(dir)));
        }
        Set<Candidate> apk = new LinkedHashSet<>();
        for (String path : List.of("/lib/apk/db/installed", "/usr/lib/apk/db/installed")) {
            Candidate found = lookup(view, path, Kind.APK_INSTALLED, warnings);
            if (found != null) {
                apk.add(found);
            }
        }
        databases.addAll(apk);

        List<OsPackage> osPackages = new ArrayList<>();
        for (Candidate database : databases) {
            warnings.addAll(database.warnings);
            osPackages.addAll(database.osPackages);
        }
        Set<Package> packages = new LinkedHashSet<>();
        osPackages.stream()
                .map(p -> osPackage(p, os, warnings))
                .filter(p -> p != null)
                .sorted(Comparator.comparing(Package::type)
                        .thenComparing(Package::name)
                        .thenComparing(Package::location))
                .forEach(packages::add);
        if (os == null && !osPackages.isEmpty()) {
            warnings.add("the image has no /etc/os-release or /usr/lib/os-release: its distribution packages cannot be"
                    + " matched to a release");
        }

        List<Candidate> language = view.visible(
                c -> c.kind == Kind.JAVA_ARCHIVE || c.kind == Kind.NODE_PACKAGE || c.kind == Kind.PYTHON_METADATA);
        language.sort(Comparator.comparing(c -> c.path));
        for (Candidate candidate : language) {
            warnings.addAll(candidate.warnings);
            packages.addAll(candidate.packages);
        }
        return new Inventory(os, new ArrayList<>(packages), warnings.toList(), imageId, layerIds);
    }

    private static OsRelease osRelease(MergedView view, Warnings warnings) {
        for (String path : List.of("/etc/os-release", "/usr/lib/os-release")) {
            Candidate found = lookup(view, path, Kind.OS_RELEASE, warnings);
            if (found != null) {
                warnings.addAll(found.warnings);
                if (found.osRelease != null) {
                    return found.osRelease;
                }
            }
        }
        return null;
    }

    /** The candidate of that kind at a well-known path, its symbolic links followed. */
    private static Candidate lookup(MergedView view, String path, Kind kind, Warnings warnings) {
        MergedView.Resolution resolved = view.resolve(path);
        if (resolved.problem() != null) {
            warnings.add(path + " could not be resolved: " + resolved.problem());
            return null;
        }
        if (resolved.path() == null) {
            return null;
        }
        MergedView.Node node = view.nodeAt(resolved.path());
        if (node.type() == MergedView.Type.CANDIDATE && node.candidate().kind == kind) {
            return node.candidate();
        }
        return null;
    }

    private static Package osPackage(OsPackage p, OsRelease os, Warnings warnings) {
        boolean deb = p.type().equals(Package.DEB);
        String family = deb ? "debian" : "alpine";
        boolean matching =
                os != null && (deb ? os.id().equals("debian") || os.id().equals("ubuntu") : !isDebianLike(os));
        String namespace = matching ? os.id() : family;
        String ecosystem;
        if (matching && os.ecosystem() != null) {
            ecosystem = os.ecosystem();
        } else if (matching) {
            ecosystem = capitalise(os.id());
        } else {
            ecosystem = deb ? "Debian" : "Alpine";
        }
        PackageURLBuilder purl = PackageURLBuilder.aPackageURL()
                .withType(p.type())
                .withNamespace(namespace)
                .withName(p.name())
                .withVersion(p.version());
        if (p.arch() != null) {
            purl.withQualifier("arch", p.arch());
        }
        if (matching && os.distroQualifier() != null) {
            purl.withQualifier("distro", os.distroQualifier());
        }
        if (!p.sourceName().equals(p.name()) || !p.sourceVersion().equals(p.version())) {
            purl.withQualifier(
                    "upstream",
                    p.sourceVersion().equals(p.version()) ? p.sourceName() : p.sourceName() + "@" + p.sourceVersion());
        }
        try {
            return new Package(
                    p.type(),
                    p.name(),
                    p.version(),
                    p.sourceName(),
                    purl.build().canonicalize(),
                    p.location(),
                    ecosystem);
        } catch (MalformedPackageURLException e) {
            warnings.add(p.location() + ": package " + p.name() + " " + p.version() + " has no valid package URL ("
                    + e.getMessage() + "); skipped");
            return null;
        }
    }

    private static boolean isDebianLike(OsRelease os) {
        return os.id().equals("debian") || os.id().equals("ubuntu");
    }

    private static String capitalise(String id) {
        return id.isEmpty() ? id : id.substring(0, 1).toUpperCase(Locale.ROOT) + id.substring(1);
    }

    private static String summary(List<Package> packages) {
        Map<String, Long> byType =
                packages.stream().collect(Collectors.groupingBy(Package::type, TreeMap::new, Collectors.counting()));
        return byType.isEmpty()
                ? ""
                : " ("
                        + byType.entrySet().stream()
                                .map(e -> e.getValue() + " " + e.getKey())
                                .collect(Collectors.joining(", "))
                        + ")";
    }

    private static String shortId(String id) {
        return id.startsWith("sha256:") && id.length() > 19 ? id.substring(0, 19) : id;
    }

    private static Path createScratch(Path workDirectory) {
        try {
            Files.createDirectories(workDirectory);
            return Files.createTempDirectory(workDirectory, "image-inventory-");
        } catch (IOException e) {
            throw CicdException.environment(
                    "could not create a scratch directory under " + workDirectory + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Left for the build's clean; nothing in it is needed any more.
                }
            });
        } catch (IOException e) {
            // As above.
        }
    }
}
