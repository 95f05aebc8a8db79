package dev.cicd.registry.credentials;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A login for an OCI registry: a user name with a password, or an identity token (an OAuth2
 * refresh token, as Azure Container Registry hands out) that must be exchanged for an access token.
 *
 * <p>{@link #toString()} masks the secret so that the record can go into logs and exception
 * messages; {@code equals} still compares it.
 */
public record RegistryCredentials(String username, String secret, boolean identityToken) {

    /** The user name Docker's credential helpers answer with when the secret is an identity token. */
    public static final String IDENTITY_TOKEN_USERNAME = "<token>";

    public RegistryCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
    }

    public static RegistryCredentials password(String username, String password) {
        return new RegistryCredentials(username, password, false);
    }

    public static RegistryCredentials identityToken(String username, String token) {
        return new RegistryCredentials(
                username == null || username.isBlank() ? IDENTITY_TOKEN_USERNAME : username, token, true);
    }

    /**
     * The value of an {@code Authorization} header for HTTP basic authentication:
     * {@code Basic base64(username:secret)}.
     *
     * <p>For an {@link #identityToken() identity token} this is rarely what a registry wants: Docker
     * sends such a token as {@code refresh_token} (with {@code grant_type=refresh_token}) in a POST
     * to the token endpoint of the registry's Bearer challenge. Callers should check
     * {@link #identityToken()} first; the header is still produced so that a registry that takes the
     * token as a password keeps working.
     */
    public String basicAuthHeaderValue() {
        String pair = username + ":" + secret;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RegistryCredentials[username=" + username + ", secret=****"
                + (identityToken ? ", identityToken=true" : "") + "]";
    }
}
