package dev.cicd.maven;

import dev.cicd.common.BuildLog;
import dev.cicd.registry.RegistryClient;
import dev.cicd.registry.credentials.CredentialResolver;
import dev.cicd.registry.credentials.ResolvedCredentials;
import java.io.File;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/** A registry client with the credentials Maven's settings, Docker's config or the environment give for the host. */
final class Registries {

    private Registries() {}

    static ResolvedCredentials credentials(String host, Settings settings, SettingsDecrypter decrypter) {
        return CredentialResolver.forThisMachine()
                .resolve(host, MavenServerCredentials.find(settings, decrypter, host))
                .orElse(null);
    }

    static RegistryClient client(String host, Settings settings, SettingsDecrypter decrypter, File ca, Log log, BuildLog buildLog) {
        ResolvedCredentials credentials = credentials(host, settings, decrypter);
        log.info("registry " + host + (credentials == null ? " without credentials"
                : " as " + credentials.credentials().username() + " (credentials from " + credentials.source() + ")"));
        return new RegistryClient(host, credentials,
                RegistryClient.Options.defaults().withCaFile(ca == null ? null : ca.toPath()), buildLog);
    }
}
