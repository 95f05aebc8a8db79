package dev.cicd.registry.credentials;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Installs real credential-helper scripts into a test's own directory, which stands in for the PATH. */
final class HelperScripts {

    private HelperScripts() {}

    /** Installs {@code docker-credential-<name>} answering from entries written with {@link #entry}. */
    static Path installTestHelper(Path bin, String name) throws IOException {
        Files.createDirectories(bin.resolve("entries"));
        Path target = bin.resolve(ProcessCredentialHelperRunner.executableName(name));
        try (InputStream script =
                HelperScripts.class.getResourceAsStream("/credentials/docker-credential-testhelper")) {
            if (script == null) {
                throw new IllegalStateException("test resource credentials/docker-credential-testhelper is missing");
            }
            Files.copy(script, target, StandardCopyOption.REPLACE_EXISTING);
        }
        makeExecutable(target);
        return target;
    }

    /** Makes the installed test helper hold an entry for {@code serverUrl}. */
    static void entry(Path bin, String serverUrl, String username, String secret) throws IOException {
        String key = serverUrl.replaceAll("[^A-Za-z0-9._-]", "_");
        Files.writeString(
                bin.resolve("entries").resolve(key + ".json"),
                "{\"ServerURL\":\"" + serverUrl + "\",\"Username\":\"" + username + "\",\"Secret\":\"" + secret
                        + "\"}\n");
    }

    /** The server URLs the installed test helper was asked for, in order. */
    static List<String> requests(Path bin) throws IOException {
        Path log = bin.resolve("requests.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** Installs {@code docker-credential-<name>} with the given shell body, for failures and hangs. */
    static Path installScript(Path bin, String name, String body) throws IOException {
        Files.createDirectories(bin);
        Path target = bin.resolve(ProcessCredentialHelperRunner.executableName(name));
        Files.writeString(target, "#!/bin/sh\n" + body + "\n");
        makeExecutable(target);
        return target;
    }

    private static void makeExecutable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
