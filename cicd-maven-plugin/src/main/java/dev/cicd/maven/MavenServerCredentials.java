package dev.cicd.maven;

import dev.cicd.common.CicdException;
import dev.cicd.registry.credentials.RegistryCredentials;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Reads a registry login from a {@code <server>} of Maven's {@code settings.xml}, decrypting an
 * {@code {encrypted}} password with the master password of {@code settings-security.xml} exactly
 * as Maven does for repositories. Goals pass the registry host as the server id and hand the
 * result to {@code CredentialResolver.resolve}.
 */
public final class MavenServerCredentials {

    private MavenServerCredentials() {}

    /**
     * @return empty when there is no such server or it carries no password (e.g. only a
     *     {@code privateKey}, which registries do not use)
     * @throws CicdException (project) when the password cannot be decrypted or has no user name
     */
    public static Optional<RegistryCredentials> find(Settings settings, SettingsDecrypter decrypter, String serverId) {
        if (settings == null || serverId == null || serverId.isBlank()) {
            return Optional.empty();
        }
        Server server = settings.getServer(serverId);
        if (server == null || isEmpty(server.getPassword())) {
            return Optional.empty();
        }
        if (isEmpty(server.getUsername())) {
            throw CicdException.project("the <server> with id '" + serverId
                    + "' in Maven's settings.xml has a <password> but no <username>; add the registry user name.");
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                // Maven's problem messages name the server and the master password file, never the password.
                throw CicdException.project("could not decrypt the password of the <server> with id '" + serverId
                        + "' in Maven's settings.xml: " + problem.getMessage().replaceAll("[.\\s]+$", "")
                        + ". Check settings-security.xml (mvn --encrypt-master-password) and re-encrypt the"
                        + " password with mvn --encrypt-password (on Maven 4: mvnenc encrypt).");
            }
        }
        Server decrypted = result.getServer();
        if (decrypted == null || isEmpty(decrypted.getPassword())) {
            return Optional.empty();
        }
        return Optional.of(RegistryCredentials.password(decrypted.getUsername(), decrypted.getPassword()));
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
