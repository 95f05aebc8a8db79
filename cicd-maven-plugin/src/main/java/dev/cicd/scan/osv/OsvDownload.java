package dev.cicd.scan.osv;

import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * Keeps local copies of osv.dev's per-ecosystem archives ({@code <base>/<ecosystem>/all.zip}).
 * A copy is replaced only by a complete, readable archive, through a temporary file and a move,
 * so a failed or interrupted download leaves the previous copy in place. The validators the server
 * sent (ETag, Last-Modified) are kept next to the archive in {@code all.zip.meta}.
 */
public final class OsvDownload {

    /** osv.dev's public bucket. */
    public static final URI OSV_DEV = URI.create("https://osv-vulnerabilities.storage.googleapis.com/");

    /** The most one archive may be; osv.dev's largest are a few hundred megabytes. */
    static final long MAX_ARCHIVE_BYTES = 8L << 30;

    // Ecosystem names become a directory name and a URL segment: letters, digits, space, '.', '_', '-'.
    private static final Pattern ECOSYSTEM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(2);

    /**
     * @param updated false when the server said the cached copy is current (HTTP 304)
     */
    public record Result(String ecosystem, URI url, Path archive, boolean updated) {}

    private OsvDownload() {}

    static List<Result> download(URI baseUrl, List<String> ecosystems, Path target, HttpClient client, BuildLog log) {
        URI base = baseUrl.toString().endsWith("/") ? baseUrl : URI.create(baseUrl + "/");
        List<Result> results = new ArrayList<>();
        for (String ecosystem : ecosystems) {
            if (ecosystem == null || !ECOSYSTEM.matcher(ecosystem).matches() || ecosystem.contains("..")) {
                throw CicdException.project("'" + ecosystem + "' is not an OSV ecosystem name (for example Maven,"
                        + " npm, PyPI, Debian, Alpine, Ubuntu); archives are per ecosystem, without a release");
            }
            results.add(fetch(base.resolve(encodeSegment(ecosystem) + "/all.zip"), ecosystem, target, client, log));
        }
        return results;
    }

    private static Result fetch(URI url, String ecosystem, Path target, HttpClient client, BuildLog log) {
        Path dir = target.resolve(ecosystem);
        Path archive = dir.resolve("all.zip");
        Path metaFile = dir.resolve("all.zip.meta");
        Properties meta = Files.isRegularFile(archive) ? readMeta(metaFile) : new Properties();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            HttpResponse<InputStream> response =
                    client.send(conditionalGet(url, meta), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 304 && Files.isRegularFile(archive)) {
                    log.info("OSV " + ecosystem + " advisories are up to date (" + url + ")");
                    return new Result(ecosystem, url, archive, false);
                }
                if (response.statusCode() != 200) {
                    throw CicdException.environment("GET " + url + " answered HTTP " + response.statusCode()
                            + (response.statusCode() == 404
                                    ? ": there is no such archive; check the ecosystem name '" + ecosystem
                                            + "' (OSV spells them Maven, npm, PyPI, Debian, Alpine, ...)"
                                    : "; try again later or use a pre-downloaded database"));
                }
                tmp = Files.createTempFile(dir, "all.zip.", ".part");
                long size = copy(body, tmp, url);
                try (ZipFile check = new ZipFile(tmp.toFile())) {
                    log.debug("Downloaded " + url + ": " + size + " bytes, " + check.size() + " entries");
                }
            } catch (java.util.zip.ZipException e) {
                throw CicdException.environment(
                        "GET " + url + " returned something that is not a zip archive (" + e.getMessage()
                                + "); the cached copy was kept",
                        e);
            }
            move(tmp, archive);
            tmp = null;
            writeMeta(metaFile, validators(url, response));
            log.info("Downloaded OSV " + ecosystem + " advisories from " + url);
            return new Result(ecosystem, url, archive, true);
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw unreachable(url, e);
        } catch (HttpTimeoutException e) {
            throw CicdException.environment("GET " + url + " timed out: " + e.getMessage(), e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnresolvedAddressException || e.getCause() instanceof ConnectException) {
                throw unreachable(url, e);
            }
            throw CicdException.environment("could not download " + url + " to " + archive + ": " + e, e);
        } catch (UnresolvedAddressException e) {
            throw unreachable(url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CicdException.environment("interrupted while downloading " + url, e);
        } finally {
            deletePart(tmp);
        }
    }

    /** A GET that the server may answer with 304 when the cached copy's validators still hold. */
    private static HttpRequest conditionalGet(URI url, Properties meta) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().timeout(RESPONSE_TIMEOUT);
        if (meta.getProperty("etag") != null) {
            request.header("If-None-Match", meta.getProperty("etag"));
        }
        if (meta.getProperty("last-modified") != null) {
            request.header("If-Modified-Since", meta.getProperty("last-modified"));
        }
        return request.build();
    }

    /** What {@code all.zip.meta} keeps of a download: its URL and the server's validators. */
    private static Properties validators(URI url, HttpResponse<?> response) {
        Properties fresh = new Properties();
        fresh.setProperty("url", url.toString());
        response.headers().firstValue("ETag").ifPresent(v -> fresh.setProperty("etag", v));
        response.headers().firstValue("Last-Modified").ifPresent(v -> fresh.setProperty("last-modified", v));
        return fresh;
    }

    private static void deletePart(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a stray .part file is harmless: the loader reads only .json and .zip
            }
        }
    }

    private static CicdException unreachable(URI url, Exception e) {
        return CicdException.environment(
                "could not reach " + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
                        + " to download " + url + " (" + e + "); check the network and proxy settings,"
                        + " or point the scan at a pre-downloaded OSV database",
                e);
    }

    private static long copy(InputStream body, Path tmp, URI url) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(tmp)) {
            int n;
            while ((n = body.read(buffer)) > 0) {
                total += n;
                if (total > MAX_ARCHIVE_BYTES) {
                    throw CicdException.environment(
                            "GET " + url + " sent more than " + MAX_ARCHIVE_BYTES + " bytes; refused");
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Properties readMeta(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                // Without validators the archive is simply fetched again.
                return new Properties();
            }
        }
        return p;
    }

    private static void writeMeta(Path file, Properties meta) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), "all.zip.meta.", ".part");
        try {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                meta.store(out, "validators of all.zip, for conditional downloads");
            }
            move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Percent-encodes a path segment (a space as %20, not '+'). */
    private static String encodeSegment(String s) {
        StringBuilder b = new StringBuilder();
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            if (c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return b.toString();
    }
}
