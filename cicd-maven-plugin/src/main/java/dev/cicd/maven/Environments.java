package dev.cicd.maven;

import dev.cicd.common.CicdException;
import dev.cicd.kube.DeployEnvironment;
import dev.cicd.kube.KubeTarget;
import java.io.File;
import java.nio.file.Path;
import java.util.List;

/** The POM's {@code <environments>} as the deploy services take them. */
final class Environments {

    private Environments() {}

    static List<DeployEnvironment> all(List<Environment> configured, File basedir) {
        if (configured == null) {
            return List.of();
        }
        return configured.stream().map(e -> convert(e, basedir)).toList();
    }

    static DeployEnvironment named(List<Environment> configured, File basedir, String name) {
        List<DeployEnvironment> all = all(configured, basedir);
        if (name == null || name.isBlank()) {
            throw CicdException.project(
                    "no environment given: add -Dcicd.environment=<name> (environments: " + names(all) + ")");
        }
        return all.stream()
                .filter(e -> e.name().equals(name))
                .findFirst()
                .orElseThrow(() -> CicdException.project(
                        "no environment named '" + name + "' in <environments> (environments: " + names(all) + ")"));
    }

    /** The production environments, resolved to their clusters, to compare API servers. */
    static List<KubeTarget> productionTargets(List<Environment> configured, File basedir) {
        return all(configured, basedir).stream()
                .filter(DeployEnvironment::production)
                .map(e -> KubeTarget.of(e, System.getenv(), Path.of(System.getProperty("user.home"))))
                .toList();
    }

    static KubeTarget target(DeployEnvironment environment) {
        return KubeTarget.of(environment, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    private static DeployEnvironment convert(Environment e, File basedir) {
        Path kubeconfig = e.kubeconfig == null ? null : resolve(basedir, e.kubeconfig);
        return new DeployEnvironment(
                e.name,
                kubeconfig,
                blankToNull(e.context),
                e.namespace,
                e.valuesFiles.stream().map(f -> resolve(basedir, f)).toList(),
                e.production,
                DeployEnvironment.ReleaseNaming.parse(e.releaseNaming, e.name),
                e.keep,
                e.createNamespace);
    }

    private static Path resolve(File basedir, File file) {
        return file.isAbsolute() ? file.toPath() : basedir.toPath().resolve(file.toPath());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String names(List<DeployEnvironment> all) {
        return all.isEmpty()
                ? "none configured"
                : String.join(", ", all.stream().map(DeployEnvironment::name).toList());
    }
}
