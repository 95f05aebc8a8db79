package dev.cicd.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.registry.credentials.RegistryCredentials;
import dev.cicd.registry.credentials.ResolvedCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The protocol handling of the registry client (challenges, retries, errors) against a small HTTP
 * server on 127.0.0.1 that answers as registries do. The ITs run it against the real registries.
 */
class RegistryClientTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final ResolvedCredentials CREDENTIALS =
            new ResolvedCredentials(RegistryCredentials.password("ci", "s3cret-value"), "settings.xml <server> test");

    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String start(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "none" : authorization);
            handler.handle(exchange);
        });
        server.start();
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String body, String... headers) throws IOException {
        for (int i = 0; i < headers.length; i += 2) {
            exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(
                status, exchange.getRequestMethod().equals("HEAD") ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!exchange.getRequestMethod().equals("HEAD") && bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private static RegistryClient client(String host, ResolvedCredentials credentials) {
        return new RegistryClient(
                host, credentials, new RegistryClient.Options(null, Duration.ofSeconds(5), 3, true), BuildLog.silent());
    }

    @Test
    void plainHttpLoopbackRegistryWithBasicAuthAnswersWithTheDigest() throws Exception {
        String host = start(exchange -> {
            if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
                answer(exchange, 401, "", "WWW-Authenticate", "Basic realm=\"registry\"");
            } else {
                answer(
                        exchange,
                        200,
                        "",
                        "Docker-Content-Digest",
                        DIGEST,
                        "Content-Type",
                        RegistryManifest.OCI_MANIFEST);
            }
        });

        Descriptor descriptor =
                client(host, CREDENTIALS).head("delivery", "v1.0.2").orElseThrow();

        assertThat(descriptor.digest()).isEqualTo(DIGEST);
        assertThat(authorizations).contains(CREDENTIALS.credentials().basicAuthHeaderValue());
    }

    @Test
    void bearerChallengeFetchesATokenForTheScope() throws Exception {
        AtomicInteger tokenRequests = new AtomicInteger();
        String[] hostHolder = new String[1];
        String host = start(exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/token")) {
                tokenRequests.incrementAndGet();
                assertThat(exchange.getRequestURI().getQuery())
                        .contains("scope=repository:shipping/delivery:pull")
                        .contains("service=test-registry");
                answer(exchange, 200, "{\"token\":\"t0k3n\"}");
            } else if ("Bearer t0k3n".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 404, "");
            } else {
                answer(
                        exchange,
                        401,
                        "",
                        "WWW-Authenticate",
                        "Bearer realm=\"http://" + hostHolder[0]
                                + "/token\",service=\"test-registry\",scope=\"repository:shipping/delivery:pull\"");
            }
        });
        hostHolder[0] = host;
        RegistryClient client = client(host, CREDENTIALS);

        assertThat(client.head("shipping/delivery", "v9")).isEmpty();
        assertThat(client.head("shipping/delivery", "v10")).isEmpty();
        assertThat(tokenRequests).as("token cached per scope").hasValue(1);
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String host = start(exchange -> {
            if (calls.incrementAndGet() < 3) {
                answer(exchange, 503, "busy");
            } else {
                answer(exchange, 200, "", "Docker-Content-Digest", DIGEST);
            }
        });

        assertThat(client(host, null).head("delivery", "v1")).isPresent();
        assertThat(calls).hasValue(3);
    }

    @Test
    void refusedCredentialsNameTheServerIdToSetAndNotTheSecret() throws Exception {
        String host = start(exchange -> answer(
                exchange,
                401,
                "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}",
                "WWW-Authenticate",
                "Basic realm=\"registry\""));

        assertThatThrownBy(() -> client(host, CREDENTIALS).head("delivery", "v1"))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining(
                        "registry " + host + " refused with the credentials from settings.xml <server> test (HTTP 401)")
                .hasMessageContaining("<id>" + host + "</id>")
                .hasMessageNotContaining("s3cret-value");
    }

    @Test
    void deniedPushSaysThePermissionIsMissing() throws Exception {
        String host = start(exchange -> answer(exchange, 403, "{\"errors\":[{\"code\":\"DENIED\"}]}"));

        assertThatThrownBy(() -> client(host, CREDENTIALS)
                        .putManifest(
                                "delivery",
                                "v1",
                                new RegistryManifest(RegistryManifest.OCI_MANIFEST, null, "{}".getBytes())))
                .hasMessageContaining("denied PUT on delivery")
                .hasMessageContaining("lacks permission");
    }

    @Test
    void aRegistryThatIsDownDoesNotHangTheBuild() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        long start = System.nanoTime();

        assertThatThrownBy(() -> client("127.0.0.1:" + port, null).head("delivery", "v1"))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("does not answer (connection refused, tried 3 times)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void unknownHostIsReportedAsSuch() {
        assertThatThrownBy(() -> client("registry.invalid", null).head("delivery", "v1"))
                .hasMessageContaining("unknown registry host registry.invalid");
    }

    @Test
    void manifestsAreKeptByteForByteAndCheckedAgainstTheirDigest() throws Exception {
        byte[] manifest =
                "{\"schemaVersion\":2,  \"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}".getBytes();
        String digest = RegistryClient.sha256(manifest);
        String host = start(exchange -> {
            exchange.getResponseHeaders().add("Content-Type", RegistryManifest.OCI_MANIFEST);
            exchange.sendResponseHeaders(200, manifest.length);
            exchange.getResponseBody().write(manifest);
            exchange.close();
        });

        RegistryManifest read = client(host, null).manifest("delivery", digest);

        assertThat(read.bytes()).isEqualTo(manifest);
        assertThat(read.digest()).isEqualTo(digest);
        assertThatThrownBy(() -> client(host, null).manifest("delivery", DIGEST))
                .hasMessageContaining("whose content has digest " + digest);
    }
}
