package dev.cicd.registry.credentials;

import java.util.Objects;

/**
 * Credentials together with where they were found, so that a log can tell which login was used
 * without showing it, e.g. {@code "docker-credential-pass (credHelpers)"}.
 */
public record ResolvedCredentials(RegistryCredentials credentials, String source) {

    public ResolvedCredentials {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(source, "source");
    }
}
