package dev.cicd.scan.osv;

import static dev.cicd.scan.osv.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cicd.common.CicdException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a local HTTP server on 127.0.0.1 serving archives built here; no other host is contacted. */
class OsvDownloadTest {

    @TempDir
    Path tmp;

    private HttpServer server;
    private URI base;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final RecordingLog log = new RecordingLog();

    /** What the server serves at each path: body, ETag, Last-Modified, status. */
    private final Map<String, Served> served = new ConcurrentHashMap<>();

    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

    private record Served(int status, byte[] body, String etag, String lastModified) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/osv/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> seen = new ConcurrentHashMap<>();
        seen.put("path", exchange.getRequestURI().getRawPath());
        exchange.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(), v.get(0)));
        requests.add(seen);
        Served s = served.get(exchange.getRequestURI().getRawPath());
        if (s == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        if (s.etag() != null) {
            exchange.getResponseHeaders().add("ETag", s.etag());
        }
        if (s.lastModified() != null) {
            exchange.getResponseHeaders().add("Last-Modified", s.lastModified());
        }
        boolean notModified = s.etag() != null && s.etag().equals(seen.get("if-none-match"))
                || s.etag() == null
                        && s.lastModified() != null
                        && s.lastModified().equals(seen.get("if-modified-since"));
        if (notModified) {
            exchange.sendResponseHeaders(304, -1);
        } else if (s.status() != 200) {
            exchange.sendResponseHeaders(s.status(), -1);
        } else {
            exchange.sendResponseHeaders(200, s.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(s.body());
            }
        }
        exchange.close();
    }

    private byte[] archive(String id, String fixed) throws IOException {
        Path zip = Fixtures.zip(
                Files.createTempFile(tmp, "served", ".zip"),
                Map.of(id + ".json", utf8(OsvDatabaseTest.good(id, fixed))));
        return Files.readAllBytes(zip);
    }

    @Test
    void downloadsThenAsksWhetherTheArchiveChanged() throws IOException {
        byte[] v1 = archive("GHSA-0001", "1.0.0");
        served.put("/osv/npm/all.zip", new Served(200, v1, "\"v1\"", "Mon, 01 Jan 2024 00:00:00 GMT"));
        Path cache = tmp.resolve("cache");

        List<OsvDownload.Result> first = OsvDatabase.download(base, List.of("npm"), cache, client, log);

        assertThat(first).singleElement().satisfies(r -> {
            assertThat(r.updated()).isTrue();
            assertThat(r.archive()).isEqualTo(cache.resolve("npm/all.zip"));
            assertThat(r.url()).isEqualTo(base.resolve("npm/all.zip"));
        });
        assertThat(Files.readAllBytes(cache.resolve("npm/all.zip"))).isEqualTo(v1);
        assertThat(requests.get(0)).doesNotContainKeys("if-none-match", "if-modified-since");
        assertThat(OsvDatabase.load(List.of(cache), log).get("GHSA-0001")).isPresent();

        List<OsvDownload.Result> second = OsvDatabase.download(base, List.of("npm"), cache, client, log);

        assertThat(second)
                .singleElement()
                .satisfies(r -> assertThat(r.updated()).isFalse());
        assertThat(requests.get(1))
                .containsEntry("if-none-match", "\"v1\"")
                .containsEntry("if-modified-since", "Mon, 01 Jan 2024 00:00:00 GMT");
        assertThat(Files.readAllBytes(cache.resolve("npm/all.zip"))).isEqualTo(v1);

        byte[] v2 = archive("GHSA-0002", "2.0.0");
        served.put("/osv/npm/all.zip", new Served(200, v2, "\"v2\"", "Tue, 02 Jan 2024 00:00:00 GMT"));

        List<OsvDownload.Result> third = OsvDatabase.download(base, List.of("npm"), cache, client, log);

        assertThat(third).singleElement().satisfies(r -> assertThat(r.updated()).isTrue());
        assertThat(Files.readAllBytes(cache.resolve("npm/all.zip"))).isEqualTo(v2);
        try (var files = Files.list(cache.resolve("npm"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("all.zip", "all.zip.meta");
        }
    }

    @Test
    void lastModifiedAloneIsEnoughToSkipADownload() throws IOException {
        served.put(
                "/osv/PyPI/all.zip", new Served(200, archive("PYSEC-1", "1.0"), null, "Mon, 01 Jan 2024 00:00:00 GMT"));
        Path cache = tmp.resolve("cache");
        OsvDatabase.download(base, List.of("PyPI"), cache, client);
        assertThat(OsvDatabase.download(base, List.of("PyPI"), cache, client))
                .singleElement()
                .satisfies(r -> assertThat(r.updated()).isFalse());
    }

    @Test
    void aMissingArchiveNamesTheUrlAndStatusAndKeepsTheCache() throws IOException {
        byte[] v1 = archive("GHSA-0001", "1.0.0");
        served.put("/osv/Maven/all.zip", new Served(200, v1, "\"v1\"", null));
        Path cache = tmp.resolve("cache");
        OsvDatabase.download(base, List.of("Maven"), cache, client);
        served.put("/osv/Maven/all.zip", new Served(503, null, null, null));

        assertThatThrownBy(() -> OsvDatabase.download(base, List.of("Maven"), cache, client))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining(base.resolve("Maven/all.zip").toString())
                .satisfies(e -> assertThat(((CicdException) e).kind()).isEqualTo(CicdException.Kind.ENVIRONMENT));
        assertThatThrownBy(() -> OsvDatabase.download(base, List.of("Nonesuch"), cache, client))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("ecosystem name 'Nonesuch'");
        assertThat(Files.readAllBytes(cache.resolve("Maven/all.zip"))).isEqualTo(v1);
    }

    @Test
    void somethingThatIsNotAZipDoesNotReplaceTheCache() throws IOException {
        byte[] v1 = archive("GHSA-0001", "1.0.0");
        served.put("/osv/npm/all.zip", new Served(200, v1, "\"v1\"", null));
        Path cache = tmp.resolve("cache");
        OsvDatabase.download(base, List.of("npm"), cache, client);
        served.put("/osv/npm/all.zip", new Served(200, utf8("<html>captive portal</html>"), "\"v2\"", null));

        assertThatThrownBy(() -> OsvDatabase.download(base, List.of("npm"), cache, client))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("not a zip archive");
        assertThat(Files.readAllBytes(cache.resolve("npm/all.zip"))).isEqualTo(v1);
        try (var files = Files.list(cache.resolve("npm"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary file left behind")
                    .containsExactlyInAnyOrder("all.zip", "all.zip.meta");
        }
    }

    @Test
    void anUnreachableHostIsNamed() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/");
        assertThatThrownBy(() -> OsvDatabase.download(nowhere, List.of("npm"), tmp.resolve("cache"), client))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("could not reach 127.0.0.1:" + closedPort)
                .satisfies(e -> assertThat(((CicdException) e).kind()).isEqualTo(CicdException.Kind.ENVIRONMENT));
    }

    @Test
    void ecosystemNamesCannotLeaveTheCacheDirectory() {
        for (String bad : List.of("../etc", "..", "a/b", "Debian:12", "", " npm")) {
            assertThatThrownBy(() -> OsvDatabase.download(base, List.of(bad), tmp.resolve("cache"), client))
                    .as(bad)
                    .isInstanceOf(CicdException.class)
                    .hasMessageContaining("is not an OSV ecosystem name");
        }
        assertThat(requests).isEmpty();
    }

    @Test
    void namesWithSpacesAreEncodedInTheUrl() throws IOException {
        served.put("/osv/Rocky%20Linux/all.zip", new Served(200, archive("RLSA-1", "1.0.0"), "\"r\"", null));
        List<OsvDownload.Result> results = OsvDatabase.download(
                URI.create(base.toString().replaceAll("/$", "")), List.of("Rocky Linux"), tmp.resolve("cache"), client);
        assertThat(results)
                .singleElement()
                .satisfies(r -> assertThat(r.archive())
                        .isEqualTo(tmp.resolve("cache/Rocky Linux/all.zip"))
                        .exists());
    }
}
