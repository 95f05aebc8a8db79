package dev.cicd.kube;

import dev.cicd.common.CicdException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A place the service is deployed to: a kubeconfig context and namespace, the values files of the
 * environment, whether it is production, and how releases are named there.
 *
 * @param name the environment's name (qa, production, ...)
 * @param kubeconfig the kubeconfig file; null for {@code $KUBECONFIG} or {@code ~/.kube/config}
 * @param context the kubeconfig context; null for its current context
 * @param namespace the namespace releases go to
 * @param valuesFiles values files layered over the chart's values.yaml
 * @param production whether this is production (only promotion deploys there)
 * @param naming how releases are named
 * @param keep with versioned naming, how many versions {@code undeploy} keeps
 * @param createNamespace whether a missing namespace is created
 */
public record DeployEnvironment(
        String name,
        Path kubeconfig,
        String context,
        String namespace,
        List<Path> valuesFiles,
        boolean production,
        ReleaseNaming naming,
        int keep,
        boolean createNamespace) {

    /** Release naming: one release upgraded in place, or one release per version side by side. */
    public enum ReleaseNaming {
        /** One release named after the service, upgraded in place. */
        STABLE,
        /** One release per version, e.g. {@code delivery-v1-0-2}, so versions run side by side. */
        VERSIONED;

        public static ReleaseNaming parse(String text, String environment) {
            try {
                return valueOf(text == null ? "STABLE" : text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw CicdException.project("environment " + environment + ": <releaseNaming> '" + text
                        + "' is neither 'stable' nor 'versioned'");
            }
        }
    }

    public DeployEnvironment {
        if (name == null || name.isBlank()) {
            throw CicdException.project("an <environment> has no <name>");
        }
        if (namespace == null || namespace.isBlank()) {
            throw CicdException.project("environment " + name + " has no <namespace>");
        }
        valuesFiles = List.copyOf(valuesFiles);
    }

    /**
     * The Helm release name: the service for stable naming; service and version for versioned
     * naming, with the version's dots as dashes ({@code delivery-v1-0-2}), since the release name
     * becomes part of Kubernetes object names, which cannot hold dots.
     */
    public String releaseName(String service, String imageTag) {
        if (naming == ReleaseNaming.STABLE) {
            return service;
        }
        String name = (service + "-" + imageTag)
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]", "-")
                .replaceAll("-+", "-");
        if (name.length() > 53) {
            throw CicdException.project("release name " + name + " is longer than Helm's 53 characters;"
                    + " use a shorter service name or stable release naming");
        }
        return name;
    }

    /** Whether {@code release} is one of this service's versioned releases. */
    public boolean isVersionedReleaseOf(String release, String service) {
        return release.startsWith(service + "-v");
    }
}
