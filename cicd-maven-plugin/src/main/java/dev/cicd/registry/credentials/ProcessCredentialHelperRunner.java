package dev.cicd.registry.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cicd.common.CicdException;
import dev.cicd.common.Json;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code docker-credential-<name> get} as Docker does: the server URL on standard input, a
 * JSON object {@code {"ServerURL","Username","Secret"}} on standard output.
 *
 * <p>The helper is looked up in a list of directories rather than left to the operating system,
 * so that production can search the {@code PATH} while tests search a directory of their own (a
 * running JVM cannot change its own {@code PATH}). The child process inherits this process's
 * environment because helpers such as {@code pass} need {@code HOME}, {@code GNUPGHOME} and the
 * agent sockets.
 */
public final class ProcessCredentialHelperRunner implements CredentialHelperRunner {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final String PREFIX = "docker-credential-";
    /** A helper answers a few hundred bytes; the cap keeps a runaway helper from filling the heap. */
    private static final int MAX_OUTPUT_BYTES = 1 << 20;

    private static final int MAX_DIAGNOSTIC_CHARS = 800;
    /** How long to wait for the output after exit: a daemon the helper started may hold the pipes open. */
    private static final long DRAIN_MILLIS = 5_000;

    private final List<Path> directories;
    private final String searchDescription;
    private final List<String> executableSuffixes;
    private final Duration timeout;

    private ProcessCredentialHelperRunner(
            List<Path> directories, String searchDescription, List<String> executableSuffixes, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.directories = List.copyOf(directories);
        this.searchDescription = searchDescription;
        this.executableSuffixes = List.copyOf(executableSuffixes);
        this.timeout = timeout;
    }

    /** Searches the directories of the {@code PATH} in {@code environment}, as Docker does. */
    public static ProcessCredentialHelperRunner onPath(Map<String, String> environment) {
        String path = variable(environment, "PATH");
        List<Path> directories = new ArrayList<>();
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                try {
                    directories.add(Path.of(entry));
                } catch (InvalidPathException e) {
                    // A malformed PATH entry cannot hold a helper; the others still may.
                }
            }
        }
        return new ProcessCredentialHelperRunner(
                directories, "the PATH", windowsSuffixes(environment), DEFAULT_TIMEOUT);
    }

    /** Searches only the given directories; for tests and for machines that keep helpers apart. */
    public static ProcessCredentialHelperRunner inDirectories(List<Path> directories) {
        return new ProcessCredentialHelperRunner(
                directories, directories.toString(), windowsSuffixes(System.getenv()), DEFAULT_TIMEOUT);
    }

    public ProcessCredentialHelperRunner withTimeout(Duration newTimeout) {
        return new ProcessCredentialHelperRunner(directories, searchDescription, executableSuffixes, newTimeout);
    }

    public static String executableName(String helperName) {
        return PREFIX + helperName;
    }

    @Override
    public Optional<RegistryCredentials> get(String helperName, String serverUrl) {
        String program = executableName(helperName);
        Path executable = locate(helperName)
                .orElseThrow(() -> CicdException.environment(program + " was not found in "
                        + searchDescription + ", needed for the login to " + serverUrl
                        + ". Install the credential helper or remove it from Docker's config.json."));

        Process process;
        try {
            process = new ProcessBuilder(executable.toString(), "get").start();
        } catch (IOException e) {
            throw CicdException.environment(
                    "could not start " + executable + " for " + serverUrl + ": " + e.getMessage(), e);
        }
        Collector stdout = Collector.start(process.getInputStream(), program + " stdout");
        Collector stderr = Collector.start(process.getErrorStream(), program + " stderr");
        // Docker writes the URL without a line break; some helpers read up to end of input.
        try (OutputStream in = process.getOutputStream()) {
            in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // A helper that exits without reading its input is judged by its exit code below.
        }

        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw CicdException.environment(
                    "interrupted while waiting for " + program + " to answer for " + serverUrl, e);
        }
        if (!finished) {
            kill(process);
            throw CicdException.environment(program + " did not answer within " + timeout.toSeconds() + " s for "
                    + serverUrl + "; it may be waiting for a locked keychain or GPG key to be unlocked.");
        }
        int exitCode = process.exitValue();
        byte[] out = stdout.bytes();
        String errText = new String(stderr.bytes(), StandardCharsets.UTF_8);

        if (exitCode != 0) {
            String outText = new String(out, StandardCharsets.UTF_8);
            if (saysNotFound(outText) || saysNotFound(errText)) {
                return Optional.empty();
            }
            throw CicdException.environment(program + " failed for " + serverUrl + " (exit code " + exitCode + ")"
                    + diagnostic(outText, errText));
        }
        return parse(program, serverUrl, out);
    }

    private Optional<Path> locate(String helperName) {
        // The name comes from a config file; a separator in it would reach outside the searched directories.
        if (helperName.isBlank() || helperName.contains("/") || helperName.contains("\\")) {
            throw CicdException.environment("Docker's configuration names the credential helper '" + helperName
                    + "', which is not a plain program name.");
        }
        String program = executableName(helperName);
        for (Path directory : directories) {
            for (String suffix : executableSuffixes) {
                Path candidate;
                try {
                    candidate = directory.resolve(program + suffix);
                } catch (InvalidPathException e) {
                    continue;
                }
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toAbsolutePath());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<RegistryCredentials> parse(String program, String serverUrl, byte[] out) {
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(out);
        } catch (JsonProcessingException e) {
            // Neither the parser's message nor the output goes into the error: both may quote the secret.
            throw CicdException.environment(program + " answered for " + serverUrl + " with output that is not JSON ("
                    + out.length + " bytes, content not shown because it may hold a secret)");
        } catch (IOException e) {
            throw CicdException.environment("could not read the answer of " + program + " for " + serverUrl, e);
        }
        if (answer == null || !answer.isObject()) {
            throw CicdException.environment(program + " answered for " + serverUrl
                    + " without a JSON object (content not shown because it may hold a secret)");
        }
        String username = text(answer, "Username");
        String secret = text(answer, "Secret");
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        if (RegistryCredentials.IDENTITY_TOKEN_USERNAME.equals(username)) {
            return Optional.of(RegistryCredentials.identityToken(username, secret));
        }
        if (username == null || username.isEmpty()) {
            throw CicdException.environment(program + " answered for " + serverUrl + " with a secret but no Username");
        }
        return Optional.of(RegistryCredentials.password(username, secret));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Helpers built on docker-credential-helpers print "credentials not found in native keychain". */
    private static boolean saysNotFound(String text) {
        return text.toLowerCase(Locale.ROOT).contains("credentials not found");
    }

    /**
     * Helpers built on docker-credential-helpers report errors on standard output, so that is shown
     * too, unless it looks like JSON, which could be an answer carrying the secret.
     */
    private static String diagnostic(String outText, String errText) {
        StringBuilder text = new StringBuilder();
        String err = clean(errText);
        if (!err.isEmpty()) {
            text.append(err);
        }
        String out = clean(outText);
        if (!out.isEmpty() && !out.contains("{")) {
            text.append(text.length() > 0 ? " / " : "").append(out);
        }
        if (text.length() == 0) {
            return "";
        }
        String shown = text.length() > MAX_DIAGNOSTIC_CHARS
                ? text.substring(0, MAX_DIAGNOSTIC_CHARS) + "..."
                : text.toString();
        return ": " + shown;
    }

    private static String clean(String text) {
        return text.replaceAll("[\\p{Cntrl}&&[^\n\t]]", "").trim().replaceAll("\\s*\n\\s*", " | ");
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String variable(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value != null) {
            return value;
        }
        // Windows spells it "Path" and treats the name case-insensitively.
        return environment.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    private static List<String> windowsSuffixes(Map<String, String> environment) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return List.of("");
        }
        List<String> suffixes = new ArrayList<>();
        String pathext = variable(environment, "PATHEXT");
        for (String ext : (pathext == null ? ".COM;.EXE;.BAT;.CMD" : pathext).split(";")) {
            if (!ext.isBlank()) {
                suffixes.add(ext.toLowerCase(Locale.ROOT));
            }
        }
        // credsStore may already carry the extension, e.g. "desktop.exe" under WSL.
        suffixes.add("");
        return suffixes;
    }

    /** Reads a stream on its own thread so that a full stderr pipe cannot block the helper. */
    private static final class Collector extends Thread {

        private final InputStream stream;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        private Collector(InputStream stream, String name) {
            super(name);
            this.stream = stream;
            setDaemon(true);
        }

        static Collector start(InputStream stream, String name) {
            Collector collector = new Collector(stream, name);
            collector.start();
            return collector;
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try (InputStream in = stream) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    synchronized (buffer) {
                        int room = MAX_OUTPUT_BYTES - buffer.size();
                        if (room > 0) {
                            buffer.write(chunk, 0, Math.min(n, room));
                        }
                    }
                }
            } catch (IOException e) {
                // The process is gone or was killed; what was read so far is all there is.
            }
        }

        byte[] bytes() {
            try {
                join(DRAIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (buffer) {
                return buffer.toByteArray();
            }
        }
    }
}
