package dev.cicd.scan.inventory;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.cicd.common.CicdException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Java archives (jar, war, ear and the archives inside them), identified by their
 * {@code pom.properties}, else their manifest, else their file name.
 *
 * <p>Each archive is copied from the layer stream to one file in the scratch directory, read there
 * with {@link ZipFile} and deleted at once, before the next tar entry: the central directory is the
 * authority on what a jar holds (a streaming reader follows local headers, which can disagree, and
 * cannot read jars with a launch script in front), and only the few small entries that identify a
 * jar are decompressed. Nested archives get the same treatment, one level at a time, so the disk used
 * is at most {@code maxArchiveDepth} archives of {@code maxJavaArchiveBytes}.
 */
final class JavaArchives {

    private static final Pattern POM_PROPERTIES = Pattern.compile("META-INF/maven/([^/]+)/([^/]+)/pom\\.properties");
    private static final Pattern COORDINATE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]*");
    private static final Pattern FILE_NAME =
            Pattern.compile("(.+?)-(\\d+(?:[._+-][A-Za-z0-9]+)*)\\.(?:jar|war|ear)", Pattern.CASE_INSENSITIVE);

    private final Path scratch;
    private final InventoryLimits limits;

    JavaArchives(Path scratch, InventoryLimits limits) {
        this.scratch = scratch;
        this.limits = limits;
    }

    static boolean isArchiveName(String lowerCaseName) {
        return lowerCaseName.endsWith(".jar") || lowerCaseName.endsWith(".war") || lowerCaseName.endsWith(".ear");
    }

    /** What one outer archive may cost, nested ones included: the defence against zip bombs. */
    private final class Budget {
        long entries;
        long bytes;
        boolean exhausted;
        boolean depthWarned;

        boolean take(long moreBytes, String location, List<String> warnings) {
            bytes += moreBytes;
            if (bytes > limits.maxArchiveExpandedBytes() && !exhausted) {
                exhausted = true;
                warnings.add(location + ": more than " + limits.maxArchiveExpandedBytes()
                        + " bytes decompressed from this archive and the archives in it; the rest was not read");
            }
            return !exhausted;
        }
    }

    /**
     * Catalogs an archive of {@code size} bytes read from {@code in}. IOExceptions are the stream's;
     * everything wrong with the archive itself ends up in the candidate's warnings.
     */
    void read(InputStream in, long size, Candidate into, int maxPackages) throws IOException {
        Path copy = newScratchFile();
        try {
            try (OutputStream out = Files.newOutputStream(copy)) {
                copy(in, out, size, copy);
            }
            List<Package> found = new ArrayList<>();
            scan(copy, into.path, 1, new Budget(), found, into.warnings, maxPackages);
            into.packages = List.copyOf(found);
        } finally {
            deleteQuietly(copy);
        }
    }

    private void scan(
            Path file,
            String location,
            int depth,
            Budget budget,
            List<Package> out,
            List<String> warnings,
            int maxPackages) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, Properties> poms = new LinkedHashMap<>();
            Manifest manifest = null;
            List<String> nested = new ArrayList<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (++budget.entries > limits.maxArchiveEntries()) {
                    budget.exhausted = true;
                    warnings.add(location + ": more than " + limits.maxArchiveEntries()
                            + " entries in this archive and the archives in it; the rest was not read");
                    break;
                }
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                if (POM_PROPERTIES.matcher(name).matches()) {
                    Properties pom = pomProperties(zip, entry, location, budget, warnings);
                    if (pom != null) {
                        poms.put(name, pom);
                    }
                } else if (name.equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                    Manifest read = manifest(zip, entry, location, budget, warnings);
                    manifest = read != null ? read : manifest;
                } else if (isArchiveName(TarPaths.fileName("/" + name).toLowerCase(Locale.ROOT))) {
                    nested.add(name);
                }
                if (budget.exhausted) {
                    break;
                }
            }
            identify(location, poms, manifest, out, warnings);
            if (out.size() > maxPackages) {
                warnings.add(location + ": more than " + maxPackages + " packages; the rest were not read");
                out.subList(maxPackages, out.size()).clear();
                return;
            }
            scanAllNested(zip, nested, location, depth, budget, out, warnings, maxPackages);
        } catch (CicdException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ZipFile reports a damaged or hostile archive as ZipException, sometimes as a runtime exception.
            warnings.add(location + " is not a readable Java archive (" + LanguagePackages.firstLine(e.getMessage())
                    + "); skipped");
        }
    }

    /** The archives inside an archive, one level deeper, while the budget and the depth limit allow. */
    private void scanAllNested(
            ZipFile zip,
            List<String> nested,
            String location,
            int depth,
            Budget budget,
            List<Package> out,
            List<String> warnings,
            int maxPackages) {
        for (String name : nested) {
            if (budget.exhausted) {
                break;
            }
            if (depth >= limits.maxArchiveDepth()) {
                if (!budget.depthWarned) {
                    budget.depthWarned = true;
                    warnings.add(location + "!/" + name + ": archives nested more than " + limits.maxArchiveDepth()
                            + " deep are not read");
                }
                continue;
            }
            scanNested(zip, zip.getEntry(name), location + "!/" + name, depth + 1, budget, out, warnings, maxPackages);
        }
    }

    /** A {@code pom.properties} entry, null when it is too large or malformed (with a warning). */
    private Properties pomProperties(ZipFile zip, ZipEntry entry, String location, Budget budget, List<String> warnings)
            throws IOException {
        byte[] data = readSmall(zip, entry, location, budget, warnings);
        if (data == null) {
            return null;
        }
        Properties p = new Properties();
        try {
            p.load(new ByteArrayInputStream(data));
            return p;
        } catch (IllegalArgumentException e) {
            warnings.add(location + "!/" + entry.getName() + " is malformed (" + e.getMessage() + "); ignored");
            return null;
        }
    }

    /** The {@code META-INF/MANIFEST.MF} entry, null when it is too large or malformed (with a warning). */
    private Manifest manifest(ZipFile zip, ZipEntry entry, String location, Budget budget, List<String> warnings)
            throws IOException {
        byte[] data = readSmall(zip, entry, location, budget, warnings);
        if (data == null) {
            return null;
        }
        try {
            return new Manifest(new ByteArrayInputStream(data));
        } catch (IOException | RuntimeException e) {
            warnings.add(location + "!/" + entry.getName() + " is malformed; ignored");
            return null;
        }
    }

    private void scanNested(
            ZipFile zip,
            ZipEntry entry,
            String location,
            int depth,
            Budget budget,
            List<Package> out,
            List<String> warnings,
            int maxPackages) {
        if (entry == null) {
            return;
        }
        if (entry.getSize() > limits.maxJavaArchiveBytes()) {
            warnings.add(location + " is " + entry.getSize() + " bytes, over the " + limits.maxJavaArchiveBytes()
                    + "-byte limit for Java archives; not read");
            return;
        }
        long room = Math.min(limits.maxJavaArchiveBytes(), limits.maxArchiveExpandedBytes() - budget.bytes);
        if (entry.getSize() > room) {
            budget.exhausted = true;
            warnings.add(location + " is " + entry.getSize() + " bytes, past the " + limits.maxArchiveExpandedBytes()
                    + "-byte budget for decompressing one archive and the archives in it; the rest was not read");
            return;
        }
        Path copy = newScratchFile();
        try {
            long written;
            try (InputStream in = zip.getInputStream(entry);
                    OutputStream o = Files.newOutputStream(copy)) {
                written = copy(in, o, room + 1, copy);
            } catch (IOException e) {
                warnings.add(location + " could not be read from its archive ("
                        + LanguagePackages.firstLine(e.getMessage()) + "); skipped");
                return;
            }
            if (written > room) {
                // The entry's declared size was a lie: the copy stopped at the budget.
                budget.exhausted = true;
                warnings.add(location + " expands past "
                        + (room == limits.maxJavaArchiveBytes()
                                ? "the " + room + "-byte limit for Java archives"
                                : "the " + limits.maxArchiveExpandedBytes()
                                        + "-byte budget for decompressing one archive and the" + " archives in it")
                        + "; the rest was not read");
                return;
            }
            budget.take(written, location, warnings);
            List<Package> inner = new ArrayList<>();
            scan(copy, location, depth, budget, inner, warnings, maxPackages - out.size());
            out.addAll(inner);
        } finally {
            deleteQuietly(copy);
        }
    }

    private byte[] readSmall(ZipFile zip, ZipEntry entry, String location, Budget budget, List<String> warnings)
            throws IOException {
        int max = (int) Math.min(limits.maxTextFileBytes(), 1024 * 1024);
        byte[] data;
        try (InputStream in = zip.getInputStream(entry)) {
            data = in.readNBytes(max + 1);
        }
        if (!budget.take(data.length, location, warnings)) {
            return null;
        }
        if (data.length > max) {
            warnings.add(location + "!/" + entry.getName() + " is over " + max + " bytes; ignored");
            return null;
        }
        return data;
    }

    private void identify(
            String location,
            Map<String, Properties> poms,
            Manifest manifest,
            List<Package> out,
            List<String> warnings) {
        int before = out.size();
        for (Map.Entry<String, Properties> pom : poms.entrySet()) {
            Matcher path = POM_PROPERTIES.matcher(pom.getKey());
            path.matches();
            Properties p = pom.getValue();
            String group = orElse(p.getProperty("groupId"), path.group(1));
            String artifact = orElse(p.getProperty("artifactId"), path.group(2));
            String version = p.getProperty("version");
            String where = location + "!/" + pom.getKey();
            if (version == null || version.isBlank()) {
                warnings.add(where + " has no version; ignored");
                continue;
            }
            version = version.strip();
            if (!COORDINATE.matcher(group).matches()
                    || !COORDINATE.matcher(artifact).matches()
                    || group.length() > 256
                    || artifact.length() > 256) {
                warnings.add(where + " has an invalid groupId or artifactId; ignored");
                continue;
            }
            if (!VERSION.matcher(version).matches() || version.length() > 256) {
                warnings.add(where + " has an invalid version '" + DpkgDatabase.shorten(version) + "'; ignored");
                continue;
            }
            Package found = maven(group, artifact, version, location);
            if (found != null && out.stream().skip(before).noneMatch(found::equals)) {
                out.add(found);
            }
        }
        if (out.size() > before) {
            return;
        }
        if (manifest != null) {
            var main = manifest.getMainAttributes();
            Package found =
                    nameOnly(main.getValue("Implementation-Title"), main.getValue("Implementation-Version"), location);
            if (found == null) {
                String symbolic = main.getValue("Bundle-SymbolicName");
                if (symbolic != null) {
                    symbolic = symbolic.split(";", 2)[0];
                }
                found = nameOnly(symbolic, main.getValue("Bundle-Version"), location);
            }
            if (found != null) {
                out.add(found);
                return;
            }
        }
        Matcher m = FILE_NAME.matcher(location.substring(location.lastIndexOf('/') + 1));
        if (m.matches()) {
            Package found = nameOnly(m.group(1), m.group(2), location);
            if (found != null) {
                out.add(found);
            }
        }
    }

    private static Package maven(String group, String artifact, String version, String location) {
        try {
            String purl = PackageURLBuilder.aPackageURL()
                    .withType("maven")
                    .withNamespace(group)
                    .withName(artifact)
                    .withVersion(version)
                    .build()
                    .canonicalize();
            return new Package(Package.MAVEN, group + ":" + artifact, version, null, purl, location, "Maven");
        } catch (MalformedPackageURLException e) {
            return null;
        }
    }

    /** A Maven purl needs the group; without it the purl is generic and the name is the artifact's alone. */
    private static Package nameOnly(String name, String version, String location) {
        if (name == null || version == null) {
            return null;
        }
        name = name.strip();
        version = version.strip();
        if (name.isEmpty()
                || name.length() > 256
                || name.chars().anyMatch(Character::isISOControl)
                || !VERSION.matcher(version).matches()
                || version.length() > 256) {
            return null;
        }
        try {
            String purl = PackageURLBuilder.aPackageURL()
                    .withType("generic")
                    .withName(name)
                    .withVersion(version)
                    .build()
                    .canonicalize();
            return new Package(Package.MAVEN, name, version, null, purl, location, "Maven");
        } catch (MalformedPackageURLException e) {
            return null;
        }
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private Path newScratchFile() {
        try {
            return Files.createTempFile(scratch, "archive-", ".zip");
        } catch (IOException e) {
            throw CicdException.environment(
                    "could not create a file in the work directory " + scratch + ": " + e.getMessage(), e);
        }
    }

    /** Copies at most {@code limit} bytes; read failures are the caller's, write failures the machine's. */
    private static long copy(InputStream in, OutputStream out, long limit, Path target) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        while (total < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
            if (n < 0) {
                break;
            }
            try {
                out.write(buffer, 0, n);
            } catch (IOException e) {
                throw CicdException.environment(
                        "could not write " + target + " (is the disk full?): " + e.getMessage(), e);
            }
            total += n;
        }
        return total;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The scratch directory is removed as a whole at the end of the scan.
        }
    }
}
