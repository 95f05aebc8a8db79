package dev.cicd.registry.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RegistryCredentialsTest {

    private static final String SECRET = "pa55-w0rd-never-shown";

    @Test
    void toStringMasksTheSecret() {
        RegistryCredentials credentials = RegistryCredentials.password("ci", SECRET);

        assertThat(credentials.toString())
                .isEqualTo("RegistryCredentials[username=ci, secret=****]")
                .doesNotContain(SECRET);
        assertThat(new ResolvedCredentials(credentials, "docker config.json auths").toString())
                .doesNotContain(SECRET);
    }

    @Test
    void toStringOfAnIdentityTokenMasksTheToken() {
        RegistryCredentials token = RegistryCredentials.identityToken(null, SECRET);

        assertThat(token.toString()).doesNotContain(SECRET).contains("identityToken=true");
        assertThat(token.username()).isEqualTo(RegistryCredentials.IDENTITY_TOKEN_USERNAME);
    }

    @Test
    void basicAuthHeaderValueEncodesUserAndSecret() {
        String header = RegistryCredentials.password("ci", "pa:ss").basicAuthHeaderValue();

        assertThat(header).startsWith("Basic ");
        assertThat(new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8))
                .isEqualTo("ci:pa:ss");
    }

    @Test
    void basicAuthHeaderValueOfAnIdentityTokenUsesTheTokenAsPassword() {
        String header = RegistryCredentials.identityToken(null, "tok").basicAuthHeaderValue();

        assertThat(new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8))
                .isEqualTo("<token>:tok");
    }
}
