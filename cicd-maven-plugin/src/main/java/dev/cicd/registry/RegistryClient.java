package dev.cicd.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.common.Json;
import dev.cicd.registry.credentials.ResolvedCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * A client of the OCI distribution API (the registry's HTTP API), for what the pipeline needs
 * without going through the Docker engine: manifest digests, blob mounts and copies, manifests put
 * back byte for byte.
 *
 * <p>Written on {@code java.net.http} rather than a registry library because promotion must put
 * manifests back exactly as read (libraries that model manifests re-serialise them, which changes
 * the digest), and because each failure needs a message that tells the user what to do.
 *
 * <p>Authentication follows the registry's challenge: Basic, or a Bearer token fetched from the
 * realm it names, cached per scope. Connection errors and 5xx answers are retried with backoff.
 * Loopback registries that do not speak TLS are reached over plain HTTP, as Docker does.
 */
public final class RegistryClient {

    /**
     * How to reach the registry.
     *
     * @param caFile a PEM file with the registry's CA, null to trust the JVM's authorities only
     * @param timeout how long one request may take
     * @param attempts how many times a request is tried on connection errors and 5xx answers
     * @param plainHttp whether to speak plain HTTP from the start instead of finding out
     */
    public record Options(Path caFile, Duration timeout, int attempts, boolean plainHttp) {
        public static Options defaults() {
            return new Options(null, Duration.ofSeconds(30), 4, false);
        }

        public Options withCaFile(Path file) {
            return new Options(file, timeout, attempts, plainHttp);
        }
    }

    static final String MANIFEST_TYPES = String.join(
            ",",
            RegistryManifest.OCI_MANIFEST,
            RegistryManifest.OCI_INDEX,
            RegistryManifest.DOCKER_MANIFEST,
            RegistryManifest.DOCKER_LIST);

    private static final Pattern CHALLENGE_PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final String host;
    private final ResolvedCredentials credentials;
    private final Options options;
    private final HttpClient http;
    private final BuildLog log;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private volatile String scheme = "https";
    private volatile boolean basicAuth;

    public RegistryClient(String host, ResolvedCredentials credentials, Options options, BuildLog log) {
        this.host = host;
        this.credentials = credentials;
        this.options = options;
        this.log = log;
        this.scheme = options.plainHttp() ? "http" : "https";
        this.http = HttpClient.newBuilder()
                // HTTP/1.1: blob transfers are single large bodies, and the JDK's HTTP/2 flow control
                // (small windows) made them several times slower against Distribution's TLS endpoint.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .sslContext(RegistryTls.context(options.caFile()))
                .build();
    }

    public String host() {
        return host;
    }

    /**
     * Checks that the registry answers and accepts the credentials, and settles whether it speaks
     * TLS; true when it is reached over plain HTTP (a loopback registry without TLS).
     */
    public boolean ping() {
        HttpResponse<byte[]> response = send("GET", "", "pull", "/v2/", Map.of(), null, 200, 401);
        if (response.statusCode() == 401) {
            throw statusFailure(401, "GET", "/v2/", response.body());
        }
        return scheme.equals("http");
    }

    /** The manifest a tag or digest names, or empty when the registry has none. */
    public Optional<Descriptor> head(String repository, String reference) {
        HttpResponse<byte[]> response = send(
                "HEAD",
                repository,
                "pull",
                "/v2/" + repository + "/manifests/" + reference,
                Map.of("Accept", MANIFEST_TYPES),
                null,
                200,
                404);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        String digest = response.headers().firstValue("Docker-Content-Digest").orElse(null);
        if (digest == null) {
            // Some registries leave the header out of HEAD answers.
            return Optional.of(manifest(repository, reference).descriptor());
        }
        return Optional.of(new Descriptor(
                response.headers().firstValue("Content-Type").orElse(null),
                digest,
                response.headers().firstValueAsLong("Content-Length").orElse(-1)));
    }

    /** The manifest or index, byte for byte. */
    public RegistryManifest manifest(String repository, String reference) {
        HttpResponse<byte[]> response = send(
                "GET",
                repository,
                "pull",
                "/v2/" + repository + "/manifests/" + reference,
                Map.of("Accept", MANIFEST_TYPES),
                null,
                200,
                404);
        if (response.statusCode() == 404) {
            throw CicdException.project("registry " + host + " has no manifest " + repository + ":" + reference);
        }
        String mediaType = response.headers().firstValue("Content-Type").orElse(RegistryManifest.OCI_MANIFEST);
        String computed = sha256(response.body());
        String declared = response.headers().firstValue("Docker-Content-Digest").orElse(computed);
        if (reference.startsWith("sha256:") && !reference.equals(computed)) {
            throw CicdException.environment(
                    "registry " + host + " sent a manifest for " + reference + " whose content has digest " + computed);
        }
        return new RegistryManifest(mediaType, reference.startsWith("sha256:") ? reference : declared, response.body());
    }

    /** Puts a manifest exactly as given; returns the digest the registry reports. */
    public String putManifest(String repository, String reference, RegistryManifest manifest) {
        HttpResponse<byte[]> response = send(
                "PUT",
                repository,
                "pull,push",
                "/v2/" + repository + "/manifests/" + reference,
                Map.of("Content-Type", manifest.mediaType()),
                () -> HttpRequest.BodyPublishers.ofByteArray(manifest.bytes()),
                201,
                200);
        return response.headers().firstValue("Docker-Content-Digest").orElse(sha256(manifest.bytes()));
    }

    public boolean blobExists(String repository, String digest) {
        return send("HEAD", repository, "pull", "/v2/" + repository + "/blobs/" + digest, Map.of(), null, 200, 404)
                        .statusCode()
                == 200;
    }

    /** Reads a blob as a stream; the caller closes it. */
    public InputStream blob(String repository, String digest) {
        return sendStreaming(repository, "/v2/" + repository + "/blobs/" + digest);
    }

    /**
     * Asks the registry to link a blob of another repository into this one without copying it;
     * false when the registry cannot (it then answers with an upload session, which is cancelled).
     */
    public boolean mountBlob(String repository, String digest, String fromRepository) {
        HttpResponse<byte[]> response = send(
                "POST",
                repository + "," + fromRepository,
                "pull,push",
                "/v2/" + repository + "/blobs/uploads/?mount=" + encode(digest) + "&from=" + encode(fromRepository),
                Map.of(),
                HttpRequest.BodyPublishers::noBody,
                201,
                202);
        if (response.statusCode() == 201) {
            return true;
        }
        response.headers().firstValue("Location").ifPresent(location -> cancelUpload(repository, location));
        return false;
    }

    /** Uploads a blob in one request from a stream of known length, checking its digest on the way. */
    public void uploadBlob(String repository, String digest, long size, Supplier<InputStream> content) {
        HttpResponse<byte[]> start = send(
                "POST",
                repository,
                "pull,push",
                "/v2/" + repository + "/blobs/uploads/",
                Map.of(),
                HttpRequest.BodyPublishers::noBody,
                202);
        String location = start.headers()
                .firstValue("Location")
                .orElseThrow(
                        () -> CicdException.environment("registry " + host + " started an upload without a Location"));
        URI uri = resolve(location);
        String separator = uri.getQuery() == null ? "?" : "&";
        URI put = URI.create(uri + separator + "digest=" + encode(digest));
        sendTo(
                "PUT",
                repository,
                "pull,push",
                put,
                Map.of("Content-Type", "application/octet-stream"),
                () -> HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(content), size),
                201,
                204);
    }

    /** Uploads a small blob held in memory. */
    public void uploadBlob(String repository, byte[] content) {
        uploadBlob(repository, sha256(content), content.length, () -> new java.io.ByteArrayInputStream(content));
    }

    /**
     * The manifests that refer to {@code digest} (OCI 1.1 referrers API), optionally of one artifact
     * type; empty when the registry does not offer the API.
     */
    public Optional<List<Descriptor>> referrers(String repository, String digest, String artifactType) {
        String path = "/v2/" + repository + "/referrers/" + digest
                + (artifactType == null ? "" : "?artifactType=" + encode(artifactType));
        HttpResponse<byte[]> response =
                send("GET", repository, "pull", path, Map.of("Accept", RegistryManifest.OCI_INDEX), null, 200, 404);
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() == 404 || !type.startsWith(RegistryManifest.OCI_INDEX)) {
            return Optional.empty();
        }
        RegistryManifest index = new RegistryManifest(RegistryManifest.OCI_INDEX, null, response.body());
        return Optional.of(index.children());
    }

    /** The tags of a repository; empty when the repository does not exist. */
    public List<String> tags(String repository) {
        HttpResponse<byte[]> response =
                send("GET", repository, "pull", "/v2/" + repository + "/tags/list", Map.of(), null, 200, 404);
        if (response.statusCode() == 404) {
            return List.of();
        }
        try {
            JsonNode tags = Json.MAPPER.readTree(response.body()).path("tags");
            return tags.isArray()
                    ? Json.MAPPER.convertValue(
                            tags, Json.MAPPER.getTypeFactory().constructCollectionType(List.class, String.class))
                    : List.of();
        } catch (IOException e) {
            throw CicdException.environment("registry " + host + " sent a tag list that is not JSON", e);
        }
    }

    private void cancelUpload(String repository, String location) {
        try {
            sendTo("DELETE", repository, "pull,push", resolve(location), Map.of(), null, 204, 200, 404);
        } catch (CicdException ignored) {
            // An abandoned upload session expires on the registry by itself.
        }
    }

    private HttpResponse<byte[]> send(
            String method,
            String repositories,
            String actions,
            String path,
            Map<String, String> headers,
            Supplier<HttpRequest.BodyPublisher> body,
            int... expected) {
        return sendTo(method, repositories, actions, null, path, headers, body, expected);
    }

    private HttpResponse<byte[]> sendTo(
            String method,
            String repositories,
            String actions,
            URI uri,
            Map<String, String> headers,
            Supplier<HttpRequest.BodyPublisher> body,
            int... expected) {
        return sendTo(method, repositories, actions, uri, null, headers, body, expected);
    }

    private HttpResponse<byte[]> sendTo(
            String method,
            String repositories,
            String actions,
            URI fixedUri,
            String path,
            Map<String, String> headers,
            Supplier<HttpRequest.BodyPublisher> body,
            int... expected) {
        String scope = scope(repositories, actions);
        HttpResponse<byte[]> response = null;
        for (int attempt = 1; ; attempt++) {
            URI uri = fixedUri != null ? fixedUri : URI.create(scheme + "://" + host + path);
            try {
                response = exchange(method, uri, scope, headers, body, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() >= 500 && attempt < options.attempts()) {
                    backoff(attempt, method + " " + uri.getPath() + " answered " + response.statusCode());
                    continue;
                }
                break;
            } catch (IOException e) {
                if (fixedUri == null && switchToPlainHttp(e)) {
                    continue;
                }
                if (!retryable(e) || attempt >= options.attempts()) {
                    throw failure(e);
                }
                backoff(attempt, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return expect(response, method, repositories, expected);
    }

    private InputStream sendStreaming(String repository, String path) {
        String scope = scope(repository, "pull");
        for (int attempt = 1; ; attempt++) {
            URI uri = URI.create(scheme + "://" + host + path);
            try {
                HttpResponse<InputStream> response =
                        exchange("GET", uri, scope, Map.of(), null, HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() == 200) {
                    return response.body();
                }
                byte[] error = response.body().readAllBytes();
                response.body().close();
                if (response.statusCode() >= 500 && attempt < options.attempts()) {
                    backoff(attempt, "GET " + path + " answered " + response.statusCode());
                    continue;
                }
                throw statusFailure(response.statusCode(), "GET", repository, error);
            } catch (IOException e) {
                if (switchToPlainHttp(e)) {
                    continue;
                }
                if (!retryable(e) || attempt >= options.attempts()) {
                    throw failure(e);
                }
                backoff(attempt, e.getMessage());
            }
        }
    }

    /** One request, answering an authentication challenge once. */
    private <T> HttpResponse<T> exchange(
            String method,
            URI uri,
            String scope,
            Map<String, String> headers,
            Supplier<HttpRequest.BodyPublisher> body,
            HttpResponse.BodyHandler<T> handler)
            throws IOException {
        String sent = authorization(scope);
        HttpResponse<T> response = sendOnce(method, uri, scope, headers, body, handler);
        if (response.statusCode() == 401) {
            String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
            drain(response);
            // Another thread may have answered the challenge meanwhile: then only this request is retried.
            boolean answeredElsewhere = !java.util.Objects.equals(sent, authorization(scope));
            if (answeredElsewhere || authenticate(challenge, scope)) {
                response = sendOnce(method, uri, scope, headers, body, handler);
            }
        }
        return response;
    }

    private <T> HttpResponse<T> sendOnce(
            String method,
            URI uri,
            String scope,
            Map<String, String> headers,
            Supplier<HttpRequest.BodyPublisher> body,
            HttpResponse.BodyHandler<T> handler)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(options.timeout())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body.get());
        headers.forEach(request::header);
        String authorization = authorization(scope);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The Authorization header a request for this scope carries now, null for none. */
    private String authorization(String scope) {
        String token = tokens.get(scope);
        if (token != null) {
            return "Bearer " + token;
        }
        return basicAuth && credentials != null ? credentials.credentials().basicAuthHeaderValue() : null;
    }

    /** Answers a challenge: Basic uses the credentials as they are, Bearer fetches a token for the scope. */
    private boolean authenticate(String challenge, String scope) throws IOException {
        String lower = challenge.toLowerCase(Locale.ROOT);
        if (lower.startsWith("basic")) {
            if (credentials == null || basicAuth) {
                return false;
            }
            basicAuth = true;
            return true;
        }
        if (!lower.startsWith("bearer")) {
            return false;
        }
        Map<String, String> parameters = new java.util.HashMap<>();
        Matcher m = CHALLENGE_PARAMETER.matcher(challenge);
        while (m.find()) {
            parameters.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        }
        String realm = parameters.get("realm");
        if (realm == null) {
            return false;
        }
        String token = fetchToken(tokenRequest(realm, parameters.get("service"), scope));
        if (token == null) {
            return false;
        }
        tokens.put(scope, token);
        return true;
    }

    /** The request to the token endpoint of a Bearer challenge; {@code service} may be null. */
    private HttpRequest tokenRequest(String realm, String service, String scope) {
        if (credentials != null && credentials.credentials().identityToken()) {
            // An identity token (docker login with a token) is an OAuth2 refresh token: it is exchanged, never sent as
            // a password.
            StringBuilder form = new StringBuilder(
                            "grant_type=refresh_token&client_id=cicd-maven-plugin&refresh_token=")
                    .append(encode(credentials.credentials().secret()));
            if (service != null) {
                form.append("&service=").append(encode(service));
            }
            for (String part : scope.split(" ")) {
                form.append("&scope=").append(encode(part));
            }
            return HttpRequest.newBuilder(URI.create(realm))
                    .timeout(options.timeout())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                    .build();
        }
        StringBuilder tokenUri = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
        if (service != null) {
            tokenUri.append("service=").append(encode(service)).append('&');
        }
        for (String part : scope.split(" ")) {
            tokenUri.append("scope=").append(encode(part)).append('&');
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(tokenUri.toString()))
                .timeout(options.timeout())
                .GET();
        if (credentials != null) {
            request.header("Authorization", credentials.credentials().basicAuthHeaderValue());
        }
        return request.build();
    }

    /** The token the endpoint answers ({@code token}, else {@code access_token}), null when it gives none. */
    private String fetchToken(HttpRequest request) throws IOException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            return null;
        }
        JsonNode json = Json.MAPPER.readTree(response.body());
        return json.hasNonNull("token")
                ? json.get("token").asText()
                : json.path("access_token").asText(null);
    }

    private HttpResponse<byte[]> expect(
            HttpResponse<byte[]> response, String method, String repository, int... expected) {
        for (int status : expected) {
            if (response.statusCode() == status) {
                return response;
            }
        }
        throw statusFailure(response.statusCode(), method, repository, response.body());
    }

    private CicdException statusFailure(int status, String method, String repository, byte[] body) {
        String detail = body == null
                ? ""
                : new String(body, StandardCharsets.UTF_8)
                        .replaceAll("\\s+", " ")
                        .trim();
        if (detail.length() > 300) {
            detail = detail.substring(0, 300) + "...";
        }
        String who = credentials == null ? "without credentials" : "with the credentials from " + credentials.source();
        return switch (status) {
            case 401 ->
                CicdException.project("registry " + host + " refused " + who + " (HTTP 401). Set a <server> with <id>"
                        + host + "</id> and your username and password in settings.xml (encrypt the password with"
                        + " mvn --encrypt-password), or run: docker login " + host);
            case 403 ->
                CicdException.project("registry " + host + " denied " + method + " on " + repository + " " + who
                        + " (HTTP 403): the account lacks permission for this repository. " + detail);
            default ->
                CicdException.environment("registry " + host + " answered " + method + " on " + repository
                        + " with HTTP " + status + (detail.isEmpty() ? "" : ": " + detail));
        };
    }

    private CicdException failure(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (e instanceof UnknownHostException
                || root instanceof UnknownHostException
                || root instanceof java.nio.channels.UnresolvedAddressException) {
            return CicdException.environment(
                    "unknown registry host " + host + ": check cicd.registry and the network", root);
        }
        if (e instanceof SSLHandshakeException
                || root instanceof java.security.cert.CertificateException
                || String.valueOf(root.getMessage()).contains("PKIX")) {
            return CicdException.environment(
                    "the TLS certificate of registry " + host + " is not trusted: give its CA"
                            + " certificate (PEM) with -Dcicd.registryCa=<file>, and to the Docker engine as"
                            + " /etc/docker/certs.d/" + host + "/ca.crt (" + root.getMessage() + ")",
                    root);
        }
        if (e instanceof HttpConnectTimeoutException || e instanceof HttpTimeoutException) {
            return CicdException.environment(
                    "registry " + host + " did not answer within "
                            + options.timeout().toSeconds() + " s (tried " + options.attempts() + " times)",
                    root);
        }
        if (e instanceof ConnectException || root instanceof ConnectException) {
            return CicdException.environment(
                    "registry " + host + " does not answer (connection refused, tried " + options.attempts()
                            + " times): is it running, and is cicd.registry right?",
                    root);
        }
        return CicdException.environment("could not talk to registry " + host + ": " + root.getMessage(), root);
    }

    private boolean switchToPlainHttp(IOException e) {
        if (!scheme.equals("https")
                || !(e instanceof SSLException)
                || e instanceof SSLHandshakeException && isCertificateProblem(e)) {
            return false;
        }
        if (!isLoopback()) {
            return false;
        }
        log.debug("registry " + host + " does not speak TLS; using plain HTTP as Docker does for loopback registries");
        scheme = "http";
        return true;
    }

    private static boolean isCertificateProblem(IOException e) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof java.security.cert.CertificateException
                    || String.valueOf(cause.getMessage()).contains("PKIX")) {
                return true;
            }
            cause = cause.getCause();
        }
        return false;
    }

    private boolean isLoopback() {
        String name = host.contains(":") && !host.startsWith("[") ? host.substring(0, host.lastIndexOf(':')) : host;
        if (name.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(name.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean retryable(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return !(e instanceof UnknownHostException)
                && !(e instanceof SSLHandshakeException)
                && !(root instanceof UnknownHostException)
                && !(root instanceof java.nio.channels.UnresolvedAddressException);
    }

    private void backoff(int attempt, String why) {
        long millis = 500L << (attempt - 1);
        log.info("registry " + host + ": " + why + "; trying again in " + millis + " ms");
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CicdException.environment("interrupted while waiting for registry " + host, e);
        }
    }

    private URI resolve(String location) {
        URI uri = URI.create(location);
        return uri.isAbsolute() ? uri : URI.create(scheme + "://" + host).resolve(uri);
    }

    private static String scope(String repositories, String actions) {
        if (repositories.isEmpty()) {
            return "";
        }
        StringBuilder scope = new StringBuilder();
        String[] names = repositories.split(",");
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                scope.append(' ');
            }
            scope.append("repository:").append(names[i]).append(':').append(i == 0 ? actions : "pull");
        }
        return scope.toString();
    }

    private static void drain(HttpResponse<?> response) {
        if (response.body() instanceof InputStream stream) {
            try (stream) {
                stream.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the connection is discarded anyway
            }
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static String sha256(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
