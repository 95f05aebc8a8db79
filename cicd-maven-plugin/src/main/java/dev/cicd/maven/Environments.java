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

    /** The environments marked {@code <production>true</production>}. */
    static List<DeployEnvironment> productionOnes(List<Environment> configured, File basedir) {
        return all(configured, basedir).stream()
                .filter(DeployEnvironment::production)
                .toList();
    }

    static KubeTarget target(DeployEnvironment environment) {
        return KubeTarget.of(environment, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** The production environment: the one named, else the only one marked {@code <production>true</production>}. */
    static DeployEnvironment production(List<Environment> configured, File basedir, String name) {
        if (name != null && !name.isBlank()) {
            DeployEnvironment named = named(configured, basedir, name);
            if (!named.production()) {
                throw CicdException.project(
                        "environment " + name + " is not a production environment (<production>true</production>)");
            }
            return named;
        }
        List<DeployEnvironment> production = productionOnes(configured, basedir);
        if (production.size() != 1) {
            throw CicdException.project(
                    production.isEmpty()
                            ? "no production environment in <environments> (mark one with <production>true</production>)"
                            : "several production environments: name one with -Dcicd.environment=<name>");
        }
        return production.get(0);
    }

    /** The environment a version was tested in: the one named, else the only other one, else qa. */
    static DeployEnvironment promotionSource(List<Environment> configured, File basedir, String name) {
        if (name != null && !name.isBlank()) {
            return named(configured, basedir, name);
        }
        List<DeployEnvironment> others =
                all(configured, basedir).stream().filter(e -> !e.production()).toList();
        if (others.size() == 1) {
            return others.get(0);
        }
        return others.stream()
                .filter(e -> e.name().equals("qa"))
                .findFirst()
                .orElseThrow(() -> CicdException.project(
                        "name the environment the version was tested in: -Dcicd.promoteFrom=<name>"));
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
