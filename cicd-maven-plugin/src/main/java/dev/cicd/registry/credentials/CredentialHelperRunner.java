package dev.cicd.registry.credentials;

import java.util.Optional;

/**
 * Asks one of Docker's credential helpers ({@code docker-credential-<name>}) for the login of a
 * registry. An interface so that tests can answer without processes, or run helpers found in a
 * directory of their own instead of on the {@code PATH}.
 */
public interface CredentialHelperRunner {

    /**
     * @param helperName the name as it appears in Docker's {@code credHelpers} or {@code credsStore},
     *     without the {@code docker-credential-} prefix
     * @param serverUrl what Docker would pass to the helper: the registry host, or
     *     {@code https://index.docker.io/v1/} for Docker Hub
     * @return empty when the helper holds no entry for the server
     * @throws dev.cicd.common.CicdException (environment) when the helper is missing, fails,
     *     hangs or answers something that cannot be read
     */
    Optional<RegistryCredentials> get(String helperName, String serverUrl);
}
