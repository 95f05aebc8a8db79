package dev.cicd.maven;

import dev.cicd.common.CicdException;
import dev.cicd.kube.DeployEnvironment;
import java.io.File;
import java.util.List;

/** Which environments a promotion goes from and to, when the command line does not say. */
final class Promotion {

    private Promotion() {}

    static DeployEnvironment productionEnvironment(List<Environment> configured, File basedir, String name) {
        if (name != null && !name.isBlank()) {
            DeployEnvironment named = Environments.named(configured, basedir, name);
            if (!named.production()) {
                throw CicdException.project(
                        "environment " + name + " is not a production environment (<production>true</production>)");
            }
            return named;
        }
        List<DeployEnvironment> production = Environments.all(configured, basedir).stream()
                .filter(DeployEnvironment::production)
                .toList();
        if (production.size() != 1) {
            throw CicdException.project(
                    production.isEmpty()
                            ? "no production environment in <environments> (mark one with <production>true</production>)"
                            : "several production environments: name one with -Dcicd.environment=<name>");
        }
        return production.get(0);
    }

    static DeployEnvironment sourceEnvironment(List<Environment> configured, File basedir, String name) {
        if (name != null && !name.isBlank()) {
            return Environments.named(configured, basedir, name);
        }
        List<DeployEnvironment> others = Environments.all(configured, basedir).stream()
                .filter(e -> !e.production())
                .toList();
        if (others.size() == 1) {
            return others.get(0);
        }
        return others.stream()
                .filter(e -> e.name().equals("qa"))
                .findFirst()
                .orElseThrow(() -> CicdException.project(
                        "name the environment the version was tested in: -Dcicd.promoteFrom=<name>"));
    }

    static boolean isAuthor(String approver, List<String> authors) {
        return dev.cicd.promote.Approval.isAuthor(approver, authors);
    }
}
