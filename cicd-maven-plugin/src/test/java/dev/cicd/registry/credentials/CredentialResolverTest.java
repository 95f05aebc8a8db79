package dev.cicd.registry.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cicd.common.CicdException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialResolverTest {

    private static final String HOST = "localhost:5000";
    private static final Map<String, String> ENV_LOGIN = Map.of(
            CredentialResolver.USERNAME_VARIABLE, "env-user",
            CredentialResolver.PASSWORD_VARIABLE, "env-s3cret");

    @TempDir
    Path temp;

    private Path dockerConfig;
    private Path bin;

    @BeforeEach
    void directories() throws IOException {
        dockerConfig = Files.createDirectories(temp.resolve("docker"));
        bin = Files.createDirectories(temp.resolve("bin"));
    }

    // --- order of precedence ---

    @Test
    void mavenSettingsBeatDockerConfigAndEnvironment() throws Exception {
        writeConfig("{\"auths\":{\"" + HOST + "\":{\"auth\":\"" + basic("docker-user", "docker-s3cret") + "\"}},"
                + "\"credHelpers\":{\"" + HOST + "\":\"missing\"}}");

        Optional<ResolvedCredentials> resolved = resolver(ENV_LOGIN)
                .resolve(HOST, Optional.of(RegistryCredentials.password("maven-user", "maven-s3cret")));

        // The missing helper is never run: settings.xml answered first.
        assertThat(resolved).hasValueSatisfying(r -> {
            assertThat(r.credentials().username()).isEqualTo("maven-user");
            assertThat(r.source()).isEqualTo("settings.xml <server> localhost:5000");
        });
    }

    @Test
    void dockerConfigBeatsEnvironment() throws Exception {
        writeConfig("{\"auths\":{\"" + HOST + "\":{\"auth\":\"" + basic("docker-user", "docker-s3cret") + "\"}}}");

        Optional<ResolvedCredentials> resolved = resolver(ENV_LOGIN).resolve(HOST, Optional.empty());

        assertThat(resolved).hasValueSatisfying(r -> {
            assertThat(r.credentials()).isEqualTo(RegistryCredentials.password("docker-user", "docker-s3cret"));
            assertThat(r.source()).isEqualTo("docker config.json auths");
        });
    }

    @Test
    void environmentWhenNothingElseHasAnEntry() throws Exception {
        writeConfig("{\"auths\":{\"other.example.com\":{\"auth\":\"" + basic("u", "p") + "\"}}}");

        Optional<ResolvedCredentials> resolved = resolver(ENV_LOGIN).resolve(HOST, Optional.empty());

        assertThat(resolved).hasValueSatisfying(r -> {
            assertThat(r.credentials()).isEqualTo(RegistryCredentials.password("env-user", "env-s3cret"));
            assertThat(r.source()).isEqualTo("environment CICD_REGISTRY_USERNAME/CICD_REGISTRY_PASSWORD");
        });
    }

    @Test
    void anonymousWhenNothingHasAnEntry() {
        assertThat(resolver(Map.of()).resolve(HOST, Optional.empty())).isEmpty();
        assertThat(new CredentialResolver(null, Map.of(), failingRunner()).resolve(HOST, Optional.empty()))
                .isEmpty();
    }

    // --- config.json auths ---

    @Test
    void authsWithUsernameAndPasswordFields() throws Exception {
        writeConfig("{\"auths\":{\"" + HOST + "\":{\"username\":\"ci\",\"password\":\"pw\"}}}");

        assertThat(credentials(HOST)).isEqualTo(RegistryCredentials.password("ci", "pw"));
    }

    @Test
    void authsPasswordMayContainColons() throws Exception {
        writeConfig("{\"auths\":{\"" + HOST + "\":{\"auth\":\"" + basic("ci", "a:b:c") + "\"}}}");

        assertThat(credentials(HOST)).isEqualTo(RegistryCredentials.password("ci", "a:b:c"));
    }

    @Test
    void authsIdentityToken() throws Exception {
        writeConfig("{\"auths\":{\"myrepo.azurecr.io\":{\"auth\":\"" + basic("00000000-0000-0000-0000-000000000000", "")
                + "\",\"identitytoken\":\"refresh-token\"}}}");

        RegistryCredentials credentials = credentials("myrepo.azurecr.io");

        assertThat(credentials.identityToken()).isTrue();
        assertThat(credentials.secret()).isEqualTo("refresh-token");
        assertThat(credentials.username()).isEqualTo(RegistryCredentials.IDENTITY_TOKEN_USERNAME);
    }

    @Test
    void fieldNamesAreReadIgnoringCaseAsDockerDoes() throws Exception {
        writeConfig("{\"auths\":{\"myrepo.azurecr.io\":{\"identityToken\":\"refresh-token\"}}}");

        RegistryCredentials credentials = credentials("myrepo.azurecr.io");

        assertThat(credentials.identityToken()).isTrue();
        assertThat(credentials.secret()).isEqualTo("refresh-token");
    }

    @Test
    void registryHubDockerComIsDockerHubToo() throws Exception {
        writeConfig("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + basic("hub", "pw") + "\"}}}");

        assertThat(credentials("registry.hub.docker.com").username()).isEqualTo("hub");
    }

    @Test
    void authsKeysAreMatchedWithoutSchemeAndPath() throws Exception {
        writeConfig("{\"auths\":{"
                + "\"https://myrepo.azurecr.io/v1/\":{\"auth\":\"" + basic("a", "1") + "\"},"
                + "\"http://localhost:5000\":{\"auth\":\"" + basic("b", "2") + "\"},"
                + "\"https://index.docker.io/v1/\":{\"auth\":\"" + basic("c", "3") + "\"}}}");

        assertThat(credentials("myrepo.azurecr.io").username()).isEqualTo("a");
        assertThat(credentials("MyRepo.azurecr.io").username()).isEqualTo("a");
        assertThat(credentials("localhost:5000").username()).isEqualTo("b");
        assertThat(credentials("docker.io").username()).isEqualTo("c");
    }

    @Test
    void exactAuthsKeyWinsOverANormalisedOne() throws Exception {
        writeConfig("{\"auths\":{"
                + "\"https://localhost:5000/v2/\":{\"auth\":\"" + basic("normalised", "1") + "\"},"
                + "\"localhost:5000\":{\"auth\":\"" + basic("exact", "2") + "\"}}}");

        assertThat(credentials(HOST).username()).isEqualTo("exact");
    }

    @Test
    void emptyAuthsEntryIsNoEntry() throws Exception {
        writeConfig("{\"auths\":{\"" + HOST + "\":{}}}");

        assertThat(resolver(Map.of()).resolve(HOST, Optional.empty())).isEmpty();
    }

    @Test
    void authThatIsNotBase64IsReportedWithoutItsValue() throws Exception {
        writeConfig("{\"auths\":{\"" + HOST + "\":{\"auth\":\"not base64 s3cret!\"}}}");

        assertThatThrownBy(() -> resolver(Map.of()).resolve(HOST, Optional.empty()))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining(HOST)
                .hasMessageContaining("config.json")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void invalidConfigIsReportedWithoutQuotingIt() throws Exception {
        writeConfig("{\"auths\": leakeds3cretvalue }");

        assertThatThrownBy(() -> resolver(Map.of()).resolve(HOST, Optional.empty()))
                .isInstanceOfSatisfying(CicdException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CicdException.Kind.ENVIRONMENT);
                    assertThat(e.getCause()).isNull();
                })
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("line 1")
                .hasMessageNotContaining("leakeds3cretvalue");
    }

    // --- credential helpers, run as real scripts ---

    @Test
    void credHelperForTheHostIsAskedWithTheHost() throws Exception {
        HelperScripts.installTestHelper(bin, "testhelper");
        HelperScripts.entry(bin, "myrepo.azurecr.io", "<token>", "helper-token");
        writeConfig("{\"credHelpers\":{\"myrepo.azurecr.io\":\"testhelper\"},"
                + "\"auths\":{\"myrepo.azurecr.io\":{\"auth\":\"" + basic("file-user", "file-pw") + "\"}}}");

        ResolvedCredentials resolved = resolver(Map.of())
                .resolve("myrepo.azurecr.io", Optional.empty())
                .orElseThrow();

        assertThat(resolved.source()).isEqualTo("docker-credential-testhelper (credHelpers)");
        assertThat(resolved.credentials()).isEqualTo(RegistryCredentials.identityToken("<token>", "helper-token"));
        assertThat(HelperScripts.requests(bin)).containsExactly("myrepo.azurecr.io");
    }

    @Test
    void credHelperBeatsCredsStore() throws Exception {
        HelperScripts.installTestHelper(bin, "testhelper");
        HelperScripts.entry(bin, HOST, "from-helper", "pw");
        HelperScripts.installScript(bin, "store", "echo 'the store must not be asked' >&2; exit 1");
        writeConfig("{\"credsStore\":\"store\",\"credHelpers\":{\"" + HOST + "\":\"testhelper\"}}");

        assertThat(credentials(HOST).username()).isEqualTo("from-helper");
    }

    @Test
    void credsStoreIsAskedWhenNoCredHelperHasAnEntry() throws Exception {
        HelperScripts.installTestHelper(bin, "testhelper");
        HelperScripts.installTestHelper(bin.resolve("store"), "desktop");
        HelperScripts.entry(bin.resolve("store"), HOST, "from-store", "pw");
        writeConfig("{\"credsStore\":\"desktop\",\"credHelpers\":{\"" + HOST + "\":\"testhelper\"}," + "\"auths\":{\""
                + HOST + "\":{}}}");
        CredentialResolver resolver = new CredentialResolver(
                dockerConfig,
                Map.of(),
                ProcessCredentialHelperRunner.inDirectories(List.of(bin, bin.resolve("store"))));

        ResolvedCredentials resolved = resolver.resolve(HOST, Optional.empty()).orElseThrow();

        assertThat(resolved.source()).isEqualTo("docker-credential-desktop (credsStore)");
        assertThat(resolved.credentials().username()).isEqualTo("from-store");
        assertThat(HelperScripts.requests(bin)).containsExactly(HOST);
    }

    @Test
    void authsAreUsedWhenTheCredsStoreHasNoEntry() throws Exception {
        HelperScripts.installTestHelper(bin, "testhelper");
        writeConfig("{\"credsStore\":\"testhelper\",\"auths\":{\"" + HOST + "\":{\"auth\":\"" + basic("file-user", "pw")
                + "\"}}}");

        ResolvedCredentials resolved =
                resolver(Map.of()).resolve(HOST, Optional.empty()).orElseThrow();

        assertThat(resolved.source()).isEqualTo("docker config.json auths");
        assertThat(HelperScripts.requests(bin)).containsExactly(HOST);
    }

    @Test
    void dockerHubIsAskedForWithDockersServerUrl() throws Exception {
        HelperScripts.installTestHelper(bin, "testhelper");
        HelperScripts.entry(bin, "https://index.docker.io/v1/", "hub-user", "pw");
        writeConfig("{\"credsStore\":\"testhelper\"}");

        assertThat(credentials("docker.io").username()).isEqualTo("hub-user");
        assertThat(HelperScripts.requests(bin)).containsExactly("https://index.docker.io/v1/");
    }

    @Test
    void missingCredHelperNamesHelperHostAndConfigFile() throws Exception {
        writeConfig("{\"credHelpers\":{\"" + HOST + "\":\"pass\"}}");

        assertThatThrownBy(() -> resolver(ENV_LOGIN).resolve(HOST, Optional.empty()))
                .isInstanceOfSatisfying(
                        CicdException.class, e -> assertThat(e.kind()).isEqualTo(CicdException.Kind.ENVIRONMENT))
                .hasMessageContaining("docker-credential-pass")
                .hasMessageContaining(HOST)
                .hasMessageContaining("credHelpers")
                .hasMessageContaining(dockerConfig.resolve("config.json").toString());
    }

    @Test
    void failingCredsStoreShowsItsErrorButNoSecret() throws Exception {
        HelperScripts.installScript(bin, "locked", "cat > /dev/null; echo 'keychain is locked' >&2; exit 1");
        writeConfig("{\"credsStore\":\"locked\",\"auths\":{\"" + HOST + "\":{\"auth\":\"" + basic("u", "file-s3cret")
                + "\"}}}");

        assertThatThrownBy(() -> resolver(Map.of()).resolve(HOST, Optional.empty()))
                .hasMessageContaining("docker-credential-locked")
                .hasMessageContaining("keychain is locked")
                .hasMessageContaining("credsStore")
                .hasMessageNotContaining("file-s3cret");
    }

    // --- environment ---

    @Test
    void halfAnEnvironmentLoginIsAnError() {
        assertThatThrownBy(() -> resolver(Map.of(CredentialResolver.USERNAME_VARIABLE, "ci"))
                        .resolve(HOST, Optional.empty()))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("CICD_REGISTRY_USERNAME is set but CICD_REGISTRY_PASSWORD is not");
        assertThatThrownBy(() -> resolver(Map.of(CredentialResolver.PASSWORD_VARIABLE, "env-s3cret"))
                        .resolve(HOST, Optional.empty()))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("CICD_REGISTRY_USERNAME is not")
                .hasMessageNotContaining("env-s3cret");
    }

    @Test
    void dockerConfigDirectoryFollowsDockerConfigVariable() {
        Path home = Path.of("/home/ci");

        assertThat(CredentialResolver.dockerConfigDirectory(Map.of("DOCKER_CONFIG", "/etc/docker-ci"), home))
                .isEqualTo(Path.of("/etc/docker-ci"));
        assertThat(CredentialResolver.dockerConfigDirectory(Map.of(), home)).isEqualTo(home.resolve(".docker"));
    }

    @Test
    void normalisedHosts() {
        assertThat(CredentialResolver.normaliseHost("https://myrepo.azurecr.io/v1/"))
                .isEqualTo("myrepo.azurecr.io");
        assertThat(CredentialResolver.normaliseHost("http://localhost:5000")).isEqualTo("localhost:5000");
        assertThat(CredentialResolver.normaliseHost("localhost:5000/v2/")).isEqualTo("localhost:5000");
        assertThat(CredentialResolver.normaliseHost("registry-1.docker.io")).isEqualTo("index.docker.io");
    }

    @Test
    void secretsStayOutOfTheResultsToString() throws Exception {
        writeConfig("{\"auths\":{\"" + HOST + "\":{\"auth\":\"" + basic("ci", "file-s3cret") + "\"}}}");

        assertThat(resolver(Map.of())
                        .resolve(HOST, Optional.empty())
                        .orElseThrow()
                        .toString())
                .doesNotContain("file-s3cret");
    }

    private RegistryCredentials credentials(String host) {
        return resolver(Map.of()).resolve(host, Optional.empty()).orElseThrow().credentials();
    }

    private CredentialResolver resolver(Map<String, String> env) {
        return new CredentialResolver(dockerConfig, env, ProcessCredentialHelperRunner.inDirectories(List.of(bin)));
    }

    private static CredentialHelperRunner failingRunner() {
        return (helper, server) -> {
            throw new AssertionError("no helper should run");
        };
    }

    private void writeConfig(String json) throws IOException {
        Files.writeString(dockerConfig.resolve("config.json"), json);
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
