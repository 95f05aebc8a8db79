package dev.cicd.registry.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cicd.common.CicdException;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real helper scripts, because the protocol (stdin, stdout, exit codes) is what is under test. */
class ProcessCredentialHelperRunnerTest {

    private static final String SECRET = "helper-s3cret-never-shown";

    @TempDir
    Path bin;

    @Test
    void readsUsernameAndSecretAndPassesTheServerUrlOnStandardInput() throws Exception {
        HelperScripts.installTestHelper(bin, "testhelper");
        HelperScripts.entry(bin, "localhost:5000", "ci", SECRET);

        Optional<RegistryCredentials> found = runner().get("testhelper", "localhost:5000");

        assertThat(found).contains(RegistryCredentials.password("ci", SECRET));
        assertThat(HelperScripts.requests(bin)).containsExactly("localhost:5000");
    }

    @Test
    void tokenUsernameMeansTheSecretIsAnIdentityToken() throws Exception {
        HelperScripts.installTestHelper(bin, "testhelper");
        HelperScripts.entry(bin, "myrepo.azurecr.io", "<token>", SECRET);

        Optional<RegistryCredentials> found = runner().get("testhelper", "myrepo.azurecr.io");

        assertThat(found).hasValueSatisfying(c -> {
            assertThat(c.identityToken()).isTrue();
            assertThat(c.secret()).isEqualTo(SECRET);
        });
    }

    @Test
    void credentialsNotFoundAnswerMeansNoEntry() throws Exception {
        HelperScripts.installTestHelper(bin, "testhelper");

        assertThat(runner().get("testhelper", "localhost:5000")).isEmpty();
    }

    @Test
    void missingHelperIsAClearEnvironmentError() {
        assertThatThrownBy(() -> runner().get("nosuchhelper", "localhost:5000"))
                .isInstanceOfSatisfying(
                        CicdException.class, e -> assertThat(e.kind()).isEqualTo(CicdException.Kind.ENVIRONMENT))
                .hasMessageContaining("docker-credential-nosuchhelper")
                .hasMessageContaining("localhost:5000")
                .hasMessageContaining("was not found");
    }

    @Test
    void productionSearchesThePathOfTheEnvironment() throws Exception {
        HelperScripts.installTestHelper(bin, "testhelper");
        HelperScripts.entry(bin, "localhost:5000", "ci", SECRET);
        Map<String, String> env = Map.of("PATH", "/nonexistent" + File.pathSeparator + bin);

        assertThat(ProcessCredentialHelperRunner.onPath(env).get("testhelper", "localhost:5000"))
                .isPresent();
        assertThatThrownBy(() -> ProcessCredentialHelperRunner.onPath(Map.of()).get("testhelper", "localhost:5000"))
                .hasMessageContaining("not found in the PATH");
    }

    @Test
    void failingHelperShowsItsStandardErrorWithHelperAndHost() throws Exception {
        HelperScripts.installScript(
                bin, "broken", "cat > /dev/null\necho 'gpg: decryption failed: No secret key' >&2\nexit 2");

        assertThatThrownBy(() -> runner().get("broken", "myrepo.azurecr.io"))
                .isInstanceOfSatisfying(
                        CicdException.class, e -> assertThat(e.kind()).isEqualTo(CicdException.Kind.ENVIRONMENT))
                .hasMessageContaining("docker-credential-broken")
                .hasMessageContaining("myrepo.azurecr.io")
                .hasMessageContaining("exit code 2")
                .hasMessageContaining("gpg: decryption failed: No secret key");
    }

    @Test
    void failingHelperDoesNotEchoJsonThatMayHoldTheSecret() throws Exception {
        HelperScripts.installScript(
                bin, "leaky", "cat > /dev/null\necho '{\"Username\":\"ci\",\"Secret\":\"" + SECRET + "\"}'\nexit 1");

        assertThatThrownBy(() -> runner().get("leaky", "localhost:5000"))
                .hasMessageContaining("docker-credential-leaky")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void outputThatIsNotJsonIsReportedWithoutShowingIt() throws Exception {
        HelperScripts.installScript(bin, "garbled", "cat > /dev/null\necho 'password=" + SECRET + "'");

        assertThatThrownBy(() -> runner().get("garbled", "localhost:5000"))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("not JSON")
                .hasMessageNotContaining(SECRET)
                .satisfies(e -> assertThat(e.getCause()).isNull());
    }

    @Test
    void hangingHelperIsStoppedAfterTheTimeout() throws Exception {
        HelperScripts.installScript(bin, "hanging", "sleep 30");
        long start = System.nanoTime();

        assertThatThrownBy(() -> runner().withTimeout(Duration.ofMillis(500)).get("hanging", "localhost:5000"))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("docker-credential-hanging")
                .hasMessageContaining("did not answer");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void helperNamesWithPathSeparatorsAreRefused() {
        assertThatThrownBy(() -> runner().get("../../bin/sh", "localhost:5000"))
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("not a plain program name");
    }

    private ProcessCredentialHelperRunner runner() {
        return ProcessCredentialHelperRunner.inDirectories(List.of(bin));
    }
}
