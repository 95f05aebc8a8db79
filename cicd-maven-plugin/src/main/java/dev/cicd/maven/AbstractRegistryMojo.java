package dev.cicd.maven;

import dev.cicd.registry.RegistryClient;
import dev.cicd.registry.credentials.CredentialResolver;
import dev.cicd.registry.credentials.ResolvedCredentials;
import java.io.File;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/** A goal that talks to a registry, with the credentials CredentialResolver finds (cicd:push documents the order). */
abstract class AbstractRegistryMojo extends AbstractPipelineMojo {

    /** The registry's CA certificate (PEM), when its TLS certificate is not signed by a public authority. */
    @Parameter(property = "cicd.registryCa")
    protected File registryCa;

    @Parameter(defaultValue = "${settings}", readonly = true)
    private Settings settings;

    private final SettingsDecrypter settingsDecrypter;

    protected AbstractRegistryMojo(SettingsDecrypter settingsDecrypter) {
        this.settingsDecrypter = settingsDecrypter;
    }

    /** The credentials for {@code host}; null when none are configured anywhere. */
    protected ResolvedCredentials registryCredentials(String host) {
        return CredentialResolver.forThisMachine()
                .resolve(host, MavenServerCredentials.find(settings, settingsDecrypter, host))
                .orElse(null);
    }

    /** A client for {@code host} with its credentials, saying whose they are and where they came from (never the secret). */
    protected RegistryClient registryClient(String what, String host, ResolvedCredentials credentials, File ca) {
        getLog().info(what + " " + host
                + (credentials == null
                        ? " without credentials"
                        : " as " + credentials.credentials().username() + " (credentials from " + credentials.source()
                                + ")"));
        return new RegistryClient(
                host,
                credentials,
                RegistryClient.Options.defaults().withCaFile(ca == null ? null : ca.toPath()),
                buildLog());
    }

    protected RegistryClient registryClient(String host, File ca) {
        return registryClient("registry", host, registryCredentials(host), ca);
    }
}
