package dev.cicd.maven;

import dev.cicd.common.CicdException;
import dev.cicd.context.PipelineContext;
import dev.cicd.registry.RegistryClient;
import dev.cicd.registry.credentials.CredentialResolver;
import dev.cicd.registry.credentials.ResolvedCredentials;
import java.io.File;
import java.nio.file.Path;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * A goal that talks to the release registry: its CA, where charts live in it, and its credentials.
 * First found wins: the {@code <server>} in settings.xml whose id is the registry host (password
 * decrypted as Maven does), Docker's config.json ({@code credHelpers}, {@code credsStore},
 * {@code auths}), then {@code CICD_REGISTRY_USERNAME} / {@code CICD_REGISTRY_PASSWORD}.
 */
abstract class AbstractRegistryMojo extends AbstractPipelineMojo {

    /** The registry's CA certificate (PEM), when its TLS certificate is not signed by a public authority. */
    @Parameter(property = "cicd.registryCa")
    protected File registryCa;

    /** The repository path for charts in the registry: charts go to {@code oci://<registry>/<chartRepository>/<chart>}. */
    @Parameter(property = "cicd.chartRepository", defaultValue = "charts")
    protected String chartRepository;

    @Parameter(defaultValue = "${settings}", readonly = true)
    private Settings settings;

    /* Injected into the field, as the plugin manager is: no registry goal's constructor carries it. */
    @Inject
    SettingsDecrypter settingsDecrypter;

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

    /** The release registry of the context; fails, saying why one is needed, when none is configured. */
    protected String releaseRegistry(PipelineContext context, String whyNeeded) {
        if (context.registry().isEmpty()) {
            throw CicdException.project("cicd.registry is empty: " + whyNeeded
                    + "; set <cicd.registry> in the POM or -Dcicd.registry=<host[:port]>");
        }
        return context.registry();
    }

    protected Path registryCaPath() {
        return registryCa == null ? null : registryCa.toPath();
    }
}
