package dev.cicd.registry.credentials;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cicd.common.CicdException;
import dev.cicd.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the login for a registry. The first place that has an entry wins:
 *
 * <ol>
 *   <li>the Maven {@code settings.xml} server whose id is the registry host (decrypted by the
 *       caller, see {@code dev.cicd.maven.MavenServerCredentials});
 *   <li>Docker's {@code config.json} (directory {@code $DOCKER_CONFIG}, else {@code ~/.docker}),
 *       in Docker's own order: the helper in {@code credHelpers} for the host, the helper in
 *       {@code credsStore}, then the {@code auths} entry;
 *   <li>the variables {@code CICD_REGISTRY_USERNAME} and {@code CICD_REGISTRY_PASSWORD}.
 * </ol>
 *
 * Nothing found means anonymous access. Secrets never appear in messages; errors name the host,
 * the file and the helper instead.
 */
public final class CredentialResolver {

    public static final String USERNAME_VARIABLE = "CICD_REGISTRY_USERNAME";
    public static final String PASSWORD_VARIABLE = "CICD_REGISTRY_PASSWORD";
    public static final String DOCKER_CONFIG_VARIABLE = "DOCKER_CONFIG";
    public static final String DOCKER_CONFIG_FILE = "config.json";

    /** Docker keeps Docker Hub's logins under this key and passes it to helpers. */
    static final String DOCKER_HUB_SERVER_URL = "https://index.docker.io/v1/";

    private static final String DOCKER_HUB_HOST = "index.docker.io";
    private static final Set<String> DOCKER_HUB_ALIASES =
            Set.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");

    private final Path dockerConfigDirectory;
    private final Map<String, String> environment;
    private final CredentialHelperRunner runner;

    /**
     * @param dockerConfigDirectory where {@code config.json} is looked for; {@code null} to ignore
     *     Docker's configuration
     */
    public CredentialResolver(
            Path dockerConfigDirectory, Map<String, String> environment, CredentialHelperRunner runner) {
        this.dockerConfigDirectory = dockerConfigDirectory;
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /** Docker's configuration, variables and helpers of the machine the build runs on. */
    public static CredentialResolver forThisMachine() {
        Map<String, String> env = System.getenv();
        return new CredentialResolver(
                dockerConfigDirectory(env, Path.of(System.getProperty("user.home"))),
                env,
                ProcessCredentialHelperRunner.onPath(env));
    }

    /** {@code $DOCKER_CONFIG} when set, else {@code <home>/.docker}, as the Docker CLI chooses. */
    public static Path dockerConfigDirectory(Map<String, String> environment, Path home) {
        String configured = environment.get(DOCKER_CONFIG_VARIABLE);
        return configured != null && !configured.isBlank() ? Path.of(configured) : home.resolve(".docker");
    }

    /**
     * @param registryHost the registry as the project names it, e.g. {@code localhost:5000} or
     *     {@code myrepo.azurecr.io}; a scheme or path is tolerated
     * @param fromMavenSettings the decrypted {@code <server>} whose id is {@code registryHost}
     * @return empty for anonymous access
     */
    public Optional<ResolvedCredentials> resolve(String registryHost, Optional<RegistryCredentials> fromMavenSettings) {
        if (registryHost == null || registryHost.isBlank()) {
            throw new IllegalArgumentException("registry host is empty");
        }
        if (fromMavenSettings.isPresent()) {
            return Optional.of(
                    new ResolvedCredentials(fromMavenSettings.get(), "settings.xml <server> " + registryHost));
        }
        Optional<ResolvedCredentials> fromDocker = fromDockerConfig(registryHost.trim());
        if (fromDocker.isPresent()) {
            return fromDocker;
        }
        return fromEnvironment();
    }

    /**
     * Reduces a registry name or {@code auths} key to the host Docker compares: without scheme and
     * path, so that {@code https://host/v1/} matches {@code host}; Docker Hub's names become one.
     */
    public static String normaliseHost(String hostOrUrl) {
        String host = hostOrUrl.trim();
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://")) {
            host = host.substring("https://".length());
        } else if (lower.startsWith("http://")) {
            host = host.substring("http://".length());
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        host = host.toLowerCase(Locale.ROOT);
        return DOCKER_HUB_ALIASES.contains(host) ? DOCKER_HUB_HOST : host;
    }

    /** What Docker passes to a credential helper for a registry. */
    static String helperServerUrl(String registryHost) {
        String host = normaliseHost(registryHost);
        return DOCKER_HUB_HOST.equals(host) ? DOCKER_HUB_SERVER_URL : host;
    }

    private Optional<ResolvedCredentials> fromDockerConfig(String registryHost) {
        if (dockerConfigDirectory == null) {
            return Optional.empty();
        }
        Path file = dockerConfigDirectory.resolve(DOCKER_CONFIG_FILE);
        Optional<JsonNode> read = readConfig(file);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        JsonNode config = read.get();
        String host = normaliseHost(registryHost);

        String helper = credHelperFor(config.get("credHelpers"), host);
        if (helper != null) {
            Optional<RegistryCredentials> found = askHelper(helper, registryHost, "credHelpers", file);
            if (found.isPresent()) {
                return Optional.of(new ResolvedCredentials(
                        found.get(), ProcessCredentialHelperRunner.executableName(helper) + " (credHelpers)"));
            }
        }
        JsonNode store = config.get("credsStore");
        if (store != null && store.isTextual() && !store.asText().isBlank()) {
            String storeName = store.asText().trim();
            Optional<RegistryCredentials> found = askHelper(storeName, registryHost, "credsStore", file);
            if (found.isPresent()) {
                return Optional.of(new ResolvedCredentials(
                        found.get(), ProcessCredentialHelperRunner.executableName(storeName) + " (credsStore)"));
            }
        }
        return fromAuths(config.get("auths"), registryHost, host, file)
                .map(credentials -> new ResolvedCredentials(credentials, "docker config.json auths"));
    }

    private Optional<JsonNode> readConfig(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            throw CicdException.environment("could not read Docker's configuration " + file + ": " + e, e);
        }
        JsonNode config;
        try {
            config = Json.MAPPER.readTree(content);
        } catch (JsonProcessingException e) {
            // The parser's message quotes the offending text, which may be a secret; only the position is shown.
            JsonLocation at = e.getLocation();
            throw CicdException.environment("Docker's configuration " + file + " is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + "; fix or remove it.");
        } catch (IOException e) {
            throw CicdException.environment("could not read Docker's configuration " + file, e);
        }
        if (config == null || config.isMissingNode() || config.isNull()) {
            return Optional.empty();
        }
        if (!config.isObject()) {
            throw CicdException.environment(
                    "Docker's configuration " + file + " is not a JSON object; fix or remove it.");
        }
        return Optional.of(config);
    }

    private static String credHelperFor(JsonNode credHelpers, String host) {
        if (credHelpers == null || !credHelpers.isObject()) {
            return null;
        }
        for (Map.Entry<String, JsonNode> entry : credHelpers.properties()) {
            if (normaliseHost(entry.getKey()).equals(host)
                    && entry.getValue().isTextual()
                    && !entry.getValue().asText().isBlank()) {
                return entry.getValue().asText().trim();
            }
        }
        return null;
    }

    private Optional<RegistryCredentials> askHelper(String helper, String registryHost, String section, Path file) {
        try {
            return runner.get(helper, helperServerUrl(registryHost));
        } catch (CicdException e) {
            throw new CicdException(
                    e.kind(), "credential helper from " + section + " of " + file + ": " + e.getMessage(), e);
        }
    }

    /** Docker first tries the key exactly as given, then any key that names the same host. */
    private static Optional<RegistryCredentials> fromAuths(
            JsonNode auths, String registryHost, String host, Path file) {
        if (auths == null || !auths.isObject()) {
            return Optional.empty();
        }
        JsonNode exact = auths.get(registryHost);
        if (exact != null) {
            Optional<RegistryCredentials> found = fromAuthEntry(exact, registryHost, file);
            if (found.isPresent()) {
                return found;
            }
        }
        for (Map.Entry<String, JsonNode> entry : auths.properties()) {
            if (!entry.getKey().equals(registryHost)
                    && normaliseHost(entry.getKey()).equals(host)) {
                Optional<RegistryCredentials> found = fromAuthEntry(entry.getValue(), entry.getKey(), file);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * An entry may be empty (a placeholder next to a credsStore); an identity token takes
     * precedence over a password, as in Docker's registry client.
     */
    private static Optional<RegistryCredentials> fromAuthEntry(JsonNode entry, String key, Path file) {
        if (!entry.isObject()) {
            return Optional.empty();
        }
        String username = text(entry, "username");
        String identityToken = text(entry, "identitytoken");
        if (identityToken != null) {
            return Optional.of(RegistryCredentials.identityToken(username, identityToken));
        }
        String auth = text(entry, "auth");
        if (auth != null) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw CicdException.environment("the \"auth\" value of auths[\"" + key + "\"] in " + file
                        + " is not base64; log in again with `docker login`.");
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw CicdException.environment("the \"auth\" value of auths[\"" + key + "\"] in " + file
                        + " is not base64 of user:password; log in again with `docker login`.");
            }
            String password = decoded.substring(colon + 1);
            return password.isEmpty()
                    ? Optional.empty()
                    : Optional.of(RegistryCredentials.password(decoded.substring(0, colon), password));
        }
        String password = text(entry, "password");
        if (username != null && password != null) {
            return Optional.of(RegistryCredentials.password(username, password));
        }
        return Optional.empty();
    }

    /** A field by name, ignoring case as Docker's own decoder does ({@code identityToken} is seen too). */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        for (var fields = node.fields(); value == null && fields.hasNext(); ) {
            var candidate = fields.next();
            value = candidate.getKey().equalsIgnoreCase(field) ? candidate.getValue() : null;
        }
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }

    private Optional<ResolvedCredentials> fromEnvironment() {
        String username = environment.get(USERNAME_VARIABLE);
        String password = environment.get(PASSWORD_VARIABLE);
        boolean hasUsername = username != null && !username.isEmpty();
        boolean hasPassword = password != null && !password.isEmpty();
        if (hasUsername && hasPassword) {
            return Optional.of(new ResolvedCredentials(
                    RegistryCredentials.password(username, password),
                    "environment " + USERNAME_VARIABLE + "/" + PASSWORD_VARIABLE));
        }
        // Half a login would otherwise end in an anonymous push and a puzzling 401 from the registry.
        if (hasUsername) {
            throw CicdException.environment(
                    USERNAME_VARIABLE + " is set but " + PASSWORD_VARIABLE + " is not; set both or neither.");
        }
        if (hasPassword) {
            throw CicdException.environment(
                    PASSWORD_VARIABLE + " is set but " + USERNAME_VARIABLE + " is not; set both or neither.");
        }
        return Optional.empty();
    }
}
