package dev.cicd.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cicd.common.CicdException;
import dev.cicd.registry.credentials.RegistryCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/** Decrypts with Maven's real SettingsDecrypter and a settings-security.xml of the test's own. */
class MavenServerCredentialsTest {

    private static final String HOST = "localhost:5000";
    private static final String MASTER = "master-passw0rd";
    private static final String PASSWORD = "registry-s3cret";

    @TempDir
    Path temp;

    private final DefaultPlexusCipher cipher = new DefaultPlexusCipher();
    private Path securityFile;

    @BeforeEach
    void masterPassword() throws Exception {
        // Maven encrypts the master password with the fixed key "settings.security" (mvn --encrypt-master-password).
        String encryptedMaster = cipher.encryptAndDecorate(MASTER, DefaultSecDispatcher.SYSTEM_PROPERTY_SEC_LOCATION);
        securityFile = temp.resolve("settings-security.xml");
        Files.writeString(
                securityFile, "<settingsSecurity>\n  <master>" + encryptedMaster + "</master>\n</settingsSecurity>\n");
    }

    @Test
    void decryptsAnEncryptedPasswordWithTheMasterPassword() throws Exception {
        String encrypted = cipher.encryptAndDecorate(PASSWORD, MASTER);
        assertThat(encrypted).startsWith("{").doesNotContain(PASSWORD);

        assertThat(MavenServerCredentials.find(settings(server(HOST, "ci", encrypted)), decrypter(securityFile), HOST))
                .contains(RegistryCredentials.password("ci", PASSWORD));
    }

    @Test
    void plainPasswordIsTakenAsItIs() {
        assertThat(MavenServerCredentials.find(settings(server(HOST, "ci", PASSWORD)), decrypter(securityFile), HOST))
                .contains(RegistryCredentials.password("ci", PASSWORD));
    }

    @Test
    void onlyTheServerWhoseIdIsTheHostCounts() {
        Settings settings = settings(server("myrepo.azurecr.io", "ci", PASSWORD));

        assertThat(MavenServerCredentials.find(settings, decrypter(securityFile), HOST))
                .isEmpty();
        assertThat(MavenServerCredentials.find(null, decrypter(securityFile), HOST))
                .isEmpty();
    }

    @Test
    void serverWithOnlyAPrivateKeyIsIgnored() throws Exception {
        Server server = new Server();
        server.setId(HOST);
        server.setPrivateKey("/home/ci/.ssh/id_rsa");
        server.setPassphrase(cipher.encryptAndDecorate("key-passphrase", MASTER));

        assertThat(MavenServerCredentials.find(settings(server), decrypter(securityFile), HOST))
                .isEmpty();
    }

    @Test
    void missingMasterPasswordFileFailsNamingTheServerWithoutTheSecret() throws Exception {
        String encrypted = cipher.encryptAndDecorate(PASSWORD, MASTER);

        assertThatThrownBy(() -> MavenServerCredentials.find(
                        settings(server(HOST, "ci", encrypted)),
                        decrypter(temp.resolve("absent-settings-security.xml")),
                        HOST))
                .isInstanceOfSatisfying(
                        CicdException.class, e -> assertThat(e.kind()).isEqualTo(CicdException.Kind.PROJECT))
                .hasMessageContaining("'" + HOST + "'")
                .hasMessageNotContaining(PASSWORD)
                .hasMessageNotContaining(MASTER);
    }

    @Test
    void settingsSecurityWithoutMasterFailsNamingTheServer() throws Exception {
        String encrypted = cipher.encryptAndDecorate(PASSWORD, MASTER);
        Path noMaster = temp.resolve("no-master.xml");
        Files.writeString(noMaster, "<settingsSecurity/>\n");

        assertThatThrownBy(() ->
                        MavenServerCredentials.find(settings(server(HOST, "ci", encrypted)), decrypter(noMaster), HOST))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("could not decrypt")
                .hasMessageContaining(HOST)
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void passwordWithoutUsernameIsAProjectError() {
        assertThatThrownBy(() -> MavenServerCredentials.find(
                        settings(server(HOST, null, PASSWORD)), decrypter(securityFile), HOST))
                .isInstanceOfSatisfying(
                        CicdException.class, e -> assertThat(e.kind()).isEqualTo(CicdException.Kind.PROJECT))
                .hasMessageContaining("<username>")
                .hasMessageNotContaining(PASSWORD);
    }

    private SettingsDecrypter decrypter(Path settingsSecurity) {
        return new DefaultSettingsDecrypter(new DefaultSecDispatcher(cipher, Map.of(), settingsSecurity.toString()));
    }

    private static Settings settings(Server server) {
        Settings settings = new Settings();
        settings.addServer(server);
        return settings;
    }

    private static Server server(String id, String username, String password) {
        Server server = new Server();
        server.setId(id);
        server.setUsername(username);
        server.setPassword(password);
        return server;
    }
}
