package dev.cicd.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.PushCommand;
import com.marcnuri.helm.RegistryCommand;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.registry.Descriptor;
import dev.cicd.registry.RegistryClient;
import dev.cicd.registry.RegistryManifest;
import dev.cicd.registry.credentials.ResolvedCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pushes a packaged chart to an OCI registry with Helm ({@code helm push oci://<registry>/<path>}),
 * with the same rules as images: a version that already holds this chart's content is left alone,
 * another content under that version is refused unless overwriting is allowed.
 *
 * <p>Helm takes registry credentials only from its registry config file, so the push logs in,
 * pushes, and puts that file back as it was: the credentials do not stay behind, and a login the
 * user made before is kept. Builds in one JVM (a parallel reactor) take turns.
 */
public final class ChartPusher {

    /** The chart as the registry has it now. */
    public record PushedChart(String reference, String digest, boolean uploaded) {}

    public static final String CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
    private static final Pattern DIGEST = Pattern.compile("Digest:\\s*(sha256:[0-9a-f]{64})");
    private static final ReentrantLock HELM_REGISTRY_CONFIG = new ReentrantLock();

    private final RegistryClient registry;
    private final ResolvedCredentials credentials;
    private final Path caFile;
    private final Map<String, String> environment;
    private final BuildLog log;

    public ChartPusher(
            RegistryClient registry,
            ResolvedCredentials credentials,
            Path caFile,
            Map<String, String> environment,
            BuildLog log) {
        this.registry = registry;
        this.credentials = credentials;
        this.caFile = caFile;
        this.environment = environment;
        this.log = log;
    }

    /**
     * @param archive the packaged chart ({@code <name>-<version>.tgz})
     * @param chartRepository the repository path for charts, e.g. {@code charts}
     */
    public PushedChart push(Path archive, ChartDescription chart, String chartRepository, boolean allowOverwrite) {
        String repository = chartRepository.isBlank() ? chart.name() : chartRepository + "/" + chart.name();
        String tag = chart.version().replace('+', '_');
        String reference = registry.host() + "/" + repository + ":" + tag;
        String archiveDigest;
        try {
            archiveDigest = RegistryClient.sha256(Files.readAllBytes(archive));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean plainHttp = registry.ping();
        Optional<Descriptor> existing = registry.head(repository, tag);
        if (existing.isPresent()) {
            RegistryManifest remote =
                    registry.manifest(repository, existing.get().digest());
            boolean sameContent = remote.children().stream()
                    .anyMatch(layer -> CHART_LAYER.equals(layer.mediaType()) && archiveDigest.equals(layer.digest()));
            if (sameContent) {
                log.info("chart " + reference + " is already in the registry with digest "
                        + existing.get().digest() + " (same content); nothing uploaded");
                return new PushedChart(reference, existing.get().digest(), false);
            }
            if (!allowOverwrite) {
                throw CicdException.project("chart " + reference + " already exists in the registry with other content"
                        + " (digest " + existing.get().digest() + "). Versions are immutable: release a new version,"
                        + " or set -Dcicd.allowOverwrite=true to replace it");
            }
            log.warn("chart " + reference + " exists with other content; replacing it (cicd.allowOverwrite=true)");
        }
        String output = pushWithHelm(
                archive,
                URI.create("oci://" + registry.host() + "/" + (chartRepository.isBlank() ? "" : chartRepository)),
                plainHttp);
        Matcher digest = DIGEST.matcher(output);
        String pushedDigest = digest.find() ? digest.group(1) : null;
        Descriptor readBack = registry.head(repository, tag)
                .orElseThrow(() -> CicdException.environment(
                        "registry " + registry.host() + " does not show chart " + reference + " after the push"));
        if (pushedDigest != null && !pushedDigest.equals(readBack.digest())) {
            throw CicdException.environment("Helm pushed chart " + reference + " as " + pushedDigest
                    + " but the registry now names " + readBack.digest());
        }
        log.info("pushed chart " + reference + " as " + readBack.digest());
        return new PushedChart(reference, readBack.digest(), true);
    }

    private String pushWithHelm(Path archive, URI remote, boolean plainHttp) {
        HELM_REGISTRY_CONFIG.lock();
        Path config = helmRegistryConfig();
        byte[] before = null;
        try {
            before = Files.exists(config) ? Files.readAllBytes(config) : null;
            if (credentials != null) {
                RegistryCommand.LoginCommand login = Helm.registry()
                        .login()
                        .withHost(registry.host())
                        .withUsername(credentials.credentials().username())
                        .withPassword(credentials.credentials().secret());
                if (plainHttp) {
                    login.plainHttp();
                }
                if (caFile != null) {
                    login.withCaFile(caFile);
                }
                login.call();
            }
            PushCommand push = Helm.push().withChart(archive).withRemote(remote);
            if (plainHttp) {
                push.plainHttp();
            }
            if (caFile != null) {
                push.withCaFile(caFile);
            }
            return push.call();
        } catch (IllegalStateException e) {
            throw helmFailure(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read Helm's registry config " + config, e);
        } finally {
            try {
                restore(config, before);
            } finally {
                HELM_REGISTRY_CONFIG.unlock();
            }
        }
    }

    private CicdException helmFailure(String message) {
        String text = message == null ? "" : message.trim();
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("401") || lower.contains("unauthorized") || lower.contains("authentication required")) {
            return CicdException.project("registry " + registry.host() + " refused Helm's login or push (" + text
                    + "). Set a <server> with <id>" + registry.host() + "</id> in settings.xml");
        }
        if (lower.contains("x509") || lower.contains("certificate")) {
            return CicdException.environment("Helm does not trust the TLS certificate of registry " + registry.host()
                    + ": give its CA with -Dcicd.registryCa=<file> (" + text + ")");
        }
        return CicdException.environment("helm push to " + registry.host() + " failed: " + text);
    }

    /** Where Helm keeps registry logins: {@code $HELM_CONFIG_HOME}, else {@code $XDG_CONFIG_HOME/helm}, else {@code ~/.config/helm}. */
    private Path helmRegistryConfig() {
        String helmHome = environment.get("HELM_CONFIG_HOME");
        Path base;
        if (helmHome != null && !helmHome.isBlank()) {
            base = Path.of(helmHome);
        } else if (environment.get("XDG_CONFIG_HOME") != null
                && !environment.get("XDG_CONFIG_HOME").isBlank()) {
            base = Path.of(environment.get("XDG_CONFIG_HOME"), "helm");
        } else {
            base = Path.of(System.getProperty("user.home"), ".config", "helm");
        }
        return base.resolve("registry").resolve("config.json");
    }

    private static void restore(Path config, byte[] before) {
        try {
            if (before == null) {
                Files.deleteIfExists(config);
            } else {
                Files.write(config, before);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not restore Helm's registry config " + config, e);
        }
    }
}
