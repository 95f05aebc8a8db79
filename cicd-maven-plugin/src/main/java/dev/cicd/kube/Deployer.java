package dev.cicd.kube;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.UpgradeCommand;
import dev.cicd.chart.PipelineValues;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.common.Json;
import dev.cicd.context.SemVer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Deploys a release with Helm ({@code helm upgrade --install}) and stands behind it: access is
 * checked before anything changes, the rollout is awaited, and a failed rollout is rolled back to
 * the last good revision (a failed first install is removed), as Helm's {@code --atomic} would,
 * but with the Deployment's conditions and events in the report.
 *
 * <p>helm-java has no rollback; a rollback here is an upgrade to a chart made of the stored
 * manifest of the revision to return to, with its values. That is what {@code helm rollback}
 * itself does: it re-applies the stored manifest rather than re-rendering the chart.
 */
public final class Deployer {

    /**
     * @param release the Helm release name
     * @param chart the chart to deploy: a packaged archive or a chart directory
     * @param valuesFiles the environment's values files
     * @param values the pipeline's values (image, digest, change cause), applied last
     * @param timeout how long the rollout may take
     * @param rollbackOnFailure whether a failed rollout is rolled back (default true)
     */
    public record Request(
            String release,
            Path chart,
            List<Path> valuesFiles,
            PipelineValues values,
            Duration timeout,
            boolean rollbackOnFailure) {}

    /** How a deploy or rollback ended. */
    public record Result(
            String environment,
            String namespace,
            String release,
            int revision,
            String status,
            String image,
            String changeCause) {}

    /** App versions (image tags such as {@code v1.10.0}) by SemVer precedence; versions that are not SemVer first. */
    static final Comparator<String> APP_VERSIONS = Comparator.comparing(
            (String version) -> SemVer.parse(version).orElse(null), Comparator.nullsFirst(Comparator.naturalOrder()));

    private final KubeTarget target;
    private final KubernetesClient client;
    private final Path workDirectory;
    private final BuildLog log;
    private final Duration poll;

    public Deployer(KubeTarget target, KubernetesClient client, Path workDirectory, BuildLog log, Duration poll) {
        this.target = target;
        this.client = client;
        this.workDirectory = workDirectory;
        this.log = log;
        this.poll = poll;
    }

    private String namespace() {
        return target.environment().namespace();
    }

    /** Checks access for what the chart renders to, then upgrades or installs, waits, and rolls back on failure. */
    public Result deploy(Request request) {
        Path valuesFile =
                writeValues("deploy-" + request.release(), request.values().asValues());
        String rendered = render(request.chart(), request.release(), request.valuesFiles(), valuesFile);
        checkNamespace();
        checkAccess(ManifestObject.parse(rendered));

        HelmReleaseStore store = new HelmReleaseStore(client, namespace());
        Optional<StoredRelease> before = latestSettled(store, request.release());
        log.info("release " + request.release() + " in " + namespace() + ": "
                + before.map(r -> "upgrading from revision " + r.revision() + " (" + r.status() + ", chart "
                                + r.chartVersion() + ")")
                        .orElse("first install"));
        Release release;
        try {
            release = upgrade(request, valuesFile).call();
        } catch (IllegalStateException e) {
            String problem = "helm upgrade --install of " + request.release() + " failed: " + oneLine(e.getMessage());
            throw recover(request.release(), before, problem, List.of(), request.rollbackOnFailure());
        }
        int revision = Integer.parseInt(release.getRevision());
        log.info("helm applied revision " + revision + " of " + request.release() + "; waiting for the rollout (up to "
                + request.timeout().toSeconds() + " s)");
        RolloutWatcher.Outcome outcome =
                new RolloutWatcher(client, namespace(), log, poll).await(request.release(), request.timeout());
        if (!outcome.succeeded()) {
            String description = "Rollout failed: " + outcome.summary();
            store.markFailed(request.release(), revision, description);
            CicdException failure = recover(
                    request.release(), before, outcome.summary(), outcome.details(), request.rollbackOnFailure());
            // A rollback is an upgrade, and Helm marks the release it upgrades from as superseded.
            store.markFailed(request.release(), revision, description);
            throw failure;
        }
        log.info(outcome.summary());
        StoredRelease deployed = store.revision(request.release(), revision)
                .orElseThrow(() -> CicdException.environment("the rollout of " + request.release() + " revision "
                        + revision + " completed, but Helm's record of that revision is gone from " + namespace()
                        + ": another deploy, rollback or undeploy of the release ran at the same time; run"
                        + " mvn cicd:history to see what the release holds now"));
        return new Result(
                target.environment().name(),
                namespace(),
                request.release(),
                revision,
                deployed.status(),
                deployed.images().isEmpty() ? null : deployed.images().get(0),
                deployed.changeCause());
    }

    /**
     * The release's latest revision, once it is not pending. A Helm operation that was interrupted (a
     * killed build) leaves its revision pending, and Helm refuses to start another; recording it as
     * failed is what lets the release move on.
     */
    private Optional<StoredRelease> latestSettled(HelmReleaseStore store, String release) {
        Optional<StoredRelease> latest = store.latest(release);
        if (latest.isPresent()
                && latest.get().status() != null
                && latest.get().status().startsWith("pending")) {
            log.warn("revision " + latest.get().revision() + " of " + release + " is "
                    + latest.get().status()
                    + ": an earlier operation was interrupted; recording it as failed so this deploy can proceed");
            store.markFailed(
                    release,
                    latest.get().revision(),
                    "Interrupted (" + latest.get().status() + ")");
            latest = store.latest(release);
        }
        return latest;
    }

    /** {@code helm upgrade --install}, the environment's values files first, the pipeline's last. */
    private UpgradeCommand upgrade(Request request, Path valuesFile) {
        UpgradeCommand upgrade = new Helm(request.chart())
                .upgrade()
                .install()
                .withName(request.release())
                .withNamespace(namespace())
                .withKubeConfig(target.helmKubeconfig())
                .withDescription(shorten(request.values().reason()));
        request.valuesFiles().forEach(upgrade::withValuesFile);
        upgrade.withValuesFile(valuesFile);
        if (target.environment().createNamespace()) {
            upgrade.createNamespace();
        }
        return upgrade;
    }

    /**
     * After a failed upgrade: back to the last good revision, or, for a first install, the release is
     * removed. Returns the failure to throw, which says what failed, why, and what was done.
     */
    private CicdException recover(
            String release, Optional<StoredRelease> before, String problem, List<String> details, boolean rollback) {
        StringBuilder message = new StringBuilder(problem);
        details.forEach(
                line -> message.append(System.lineSeparator()).append("  ").append(line));
        HelmReleaseStore store = new HelmReleaseStore(client, namespace());
        Optional<StoredRelease> good = before.isEmpty()
                ? Optional.empty()
                : store.lastGood(release, before.get().revision() + 1);
        if (!rollback) {
            message.append(System.lineSeparator()).append("Not rolled back (cicd.rollbackOnFailure=false).");
        } else if (before.isEmpty()) {
            uninstall(release);
            message.append(System.lineSeparator())
                    .append("The first install of ")
                    .append(release)
                    .append(" failed and was removed.");
        } else if (good.isPresent()) {
            Result back = rollbackTo(good.get(), Duration.ofMinutes(5));
            message.append(System.lineSeparator())
                    .append("Rolled back to revision ")
                    .append(good.get().revision())
                    .append(" (chart ")
                    .append(good.get().chartVersion())
                    .append(", now revision ")
                    .append(back.revision())
                    .append("): the previous version keeps serving.");
        } else {
            message.append(System.lineSeparator())
                    .append("No earlier good revision of ")
                    .append(release)
                    .append(" to roll back to.");
        }
        return CicdException.project(message.toString());
    }

    /** Rolls a release back to a revision (the previous good one when null) and waits for the rollout. */
    public Result rollback(String release, Integer revision, Duration timeout) {
        HelmReleaseStore store = new HelmReleaseStore(client, namespace());
        StoredRelease current = store.latest(release)
                .orElseThrow(() -> CicdException.project("no release " + release + " in namespace " + namespace()
                        + " of environment " + target.environment().name()));
        StoredRelease to = revision != null
                ? store.revision(release, revision)
                        .orElseThrow(() -> CicdException.project("release " + release
                                + " has no revision " + revision + " (revisions: "
                                + String.join(
                                        ", ",
                                        store.history(release).stream()
                                                .map(r -> String.valueOf(r.revision()))
                                                .toList())
                                + ")"))
                : store.lastGood(release, current.revision())
                        .orElseThrow(() -> CicdException.project("release " + release + " has no good revision before "
                                + current.revision() + " to roll back to"));
        checkAccess(ManifestObject.parse(to.manifest()));
        Result result = rollbackTo(to, timeout);
        RolloutWatcher.Outcome outcome = new RolloutWatcher(client, namespace(), log, poll).await(release, timeout);
        if (!outcome.succeeded()) {
            StringBuilder message = new StringBuilder("rollback of " + release + " to revision " + to.revision()
                    + " did not roll out: " + outcome.summary());
            outcome.details()
                    .forEach(line ->
                            message.append(System.lineSeparator()).append("  ").append(line));
            throw CicdException.project(message.toString());
        }
        log.info(outcome.summary());
        return result;
    }

    private Result rollbackTo(StoredRelease to, Duration timeout) {
        log.info("rolling " + to.name() + " back to revision " + to.revision() + " (chart " + to.chartVersion() + ", "
                + String.join(", ", to.images()) + ")");
        Path chart = manifestChart(to);
        Path values = writeValues("rollback-" + to.name(), Json.MAPPER.convertValue(to.config(), Map.class));
        Release release;
        try {
            release = new Helm(chart)
                    .upgrade()
                    .withName(to.name())
                    .withNamespace(namespace())
                    .withKubeConfig(target.helmKubeconfig())
                    .withValuesFile(values)
                    .withDescription("Rollback to " + to.revision())
                    .call();
        } catch (IllegalStateException e) {
            throw CicdException.environment("rolling " + to.name() + " back to revision " + to.revision() + " failed: "
                    + oneLine(e.getMessage()));
        }
        int revision = Integer.parseInt(release.getRevision());
        return new Result(
                target.environment().name(),
                namespace(),
                to.name(),
                revision,
                release.getStatus(),
                to.images().isEmpty() ? null : to.images().get(0),
                to.changeCause());
    }

    /** A chart that renders exactly the stored manifest, with the stored chart's name and versions. */
    private Path manifestChart(StoredRelease release) {
        Path chart = workDirectory.resolve("rollback").resolve(release.name() + "-" + release.revision());
        Map<String, Object> chartYaml = new LinkedHashMap<>();
        chartYaml.put("apiVersion", "v2");
        chartYaml.put("name", release.chartName());
        chartYaml.put("version", release.chartVersion());
        if (release.appVersion() != null) {
            chartYaml.put("appVersion", release.appVersion());
        }
        chartYaml.put(
                "description", "Revision " + release.revision() + " of " + release.name() + ", as Helm stored it");
        try {
            Files.createDirectories(chart.resolve("templates"));
            Files.writeString(chart.resolve("Chart.yaml"), yaml(chartYaml));
            // The manifest is already rendered: template delimiters in it must stay text.
            Files.writeString(
                    chart.resolve("templates").resolve("manifest.yaml"),
                    release.manifest() == null ? "" : release.manifest().replace("{{", "{{`{{`}}"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return chart;
    }

    /** Removes a release; quiet when it is not there. */
    public void uninstall(String release) {
        try {
            Helm.uninstall(release)
                    .withNamespace(namespace())
                    .withKubeConfig(target.helmKubeconfig())
                    .ignoreNotFound()
                    .call();
            log.info("removed release " + release + " from " + namespace());
        } catch (IllegalStateException e) {
            throw CicdException.environment("helm uninstall of " + release + " failed: " + oneLine(e.getMessage()));
        }
    }

    /** A namespace the environment does not create must exist; said before Helm fails on it half-way. */
    private void checkNamespace() {
        if (target.environment().createNamespace()) {
            return;
        }
        try {
            if (client.namespaces().withName(namespace()).get() != null) {
                return;
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                // A namespace-scoped role may not read namespaces; Helm reports it if it is missing.
                return;
            }
            throw e;
        }
        throw CicdException.project("namespace " + namespace() + " does not exist in context "
                + target.environment().context()
                + " (environment " + target.environment().name() + "); nothing was changed. An administrator creates it"
                + " (kubectl create namespace " + namespace()
                + "), or set <createNamespace>true</createNamespace> on the environment.");
    }

    private void checkAccess(List<ManifestObject> objects) {
        AccessCheck access = new AccessCheck(client);
        String user = access.whoAmI();
        List<AccessCheck.Permission> needed =
                access.requiredFor(objects, namespace(), target.environment().createNamespace());
        List<AccessCheck.Permission> missing = access.missing(needed);
        if (!missing.isEmpty()) {
            StringBuilder message = new StringBuilder("user ")
                    .append(user)
                    .append(" lacks ")
                    .append(missing.size())
                    .append(" of the ")
                    .append(needed.size())
                    .append(" permissions the release needs in environment ")
                    .append(target.environment().name())
                    .append("; nothing was changed. Missing:");
            missing.forEach(
                    p -> message.append(System.lineSeparator()).append("  ").append(p.describe()));
            message.append(System.lineSeparator())
                    .append("Grant them with a Role and RoleBinding in ")
                    .append(namespace())
                    .append(" (see docs/deploy.md).");
            throw CicdException.project(message.toString());
        }
        log.info("access: the " + needed.size() + " permissions the release needs are granted to " + user);
    }

    private String render(Path chart, String release, List<Path> valuesFiles, Path valuesFile) {
        var template = new Helm(chart).template().withName(release).withNamespace(namespace());
        valuesFiles.forEach(template::withValuesFile);
        template.withValuesFile(valuesFile);
        try {
            return template.call();
        } catch (IllegalStateException e) {
            throw CicdException.project("the chart does not render for environment "
                    + target.environment().name() + ": " + oneLine(e.getMessage()));
        }
    }

    private Path writeValues(String name, Map<?, ?> tree) {
        Path file = workDirectory.resolve("values").resolve(name + ".yaml");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String yaml(Object value) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(value);
    }

    private static String shorten(String text) {
        if (text == null) {
            return null;
        }
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

    static String oneLine(String message) {
        return message == null ? "" : message.trim().replaceAll("\\s*\\n\\s*", " | ");
    }

    /** The versioned releases of a service in this environment, newest version last. */
    public List<StoredRelease> versionedReleases(String service) {
        HelmReleaseStore store = new HelmReleaseStore(client, namespace());
        List<StoredRelease> releases = new ArrayList<>();
        for (String name : store.releaseNames()) {
            if (target.environment().isVersionedReleaseOf(name, service)) {
                store.latest(name)
                        .filter(r -> !"uninstalled".equals(r.status()))
                        .ifPresent(releases::add);
            }
        }
        releases.sort(Comparator.comparing(StoredRelease::appVersion, APP_VERSIONS));
        return releases;
    }
}
