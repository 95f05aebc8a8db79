package dev.cicd.kube;

import dev.cicd.common.CicdException;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Asks the cluster, before anything changes, whether the current user may do everything a release
 * needs (SelfSubjectAccessReview), so that a missing permission stops the deploy with a list of
 * what to grant instead of leaving a half-applied release.
 */
public final class AccessCheck {

    /** One thing the release needs to do: a verb on a resource, in a namespace (null: cluster-wide). */
    public record Permission(String verb, String group, String resource, String namespace) {
        public String describe() {
            String qualified = group.isEmpty() ? resource : resource + "." + group;
            return verb + " " + qualified + (namespace == null ? " (cluster-wide)" : " in " + namespace);
        }
    }

    /** Verbs Helm uses on the objects of a release when installing, upgrading and rolling back. */
    static final List<String> RELEASE_VERBS = List.of("get", "list", "create", "update", "patch", "delete");

    private final KubernetesClient client;
    private final Map<String, List<APIResource>> discovery = new HashMap<>();

    public AccessCheck(KubernetesClient client) {
        this.client = client;
    }

    /** Everything deploying {@code objects} into {@code namespace} takes, including Helm's storage and the rollout wait. */
    public List<Permission> requiredFor(List<ManifestObject> objects, String namespace, boolean createNamespace) {
        Set<Permission> needed = new LinkedHashSet<>();
        for (ManifestObject object : objects) {
            APIResource resource = resourceOf(object);
            String scope = Boolean.TRUE.equals(resource.getNamespaced())
                    ? (object.namespace() == null ? namespace : object.namespace())
                    : null;
            for (String verb : RELEASE_VERBS) {
                needed.add(new Permission(verb, object.group(), resource.getName(), scope));
            }
        }
        // Helm keeps each release revision in a Secret of the namespace.
        for (String verb : RELEASE_VERBS) {
            needed.add(new Permission(verb, "", "secrets", namespace));
        }
        // The rollout wait and the failure report read these.
        needed.add(new Permission("list", "apps", "replicasets", namespace));
        needed.add(new Permission("list", "", "pods", namespace));
        needed.add(new Permission("list", "", "events", namespace));
        needed.add(new Permission("get", "", "namespaces", null));
        if (createNamespace) {
            needed.add(new Permission("create", "", "namespaces", null));
        }
        return new ArrayList<>(needed);
    }

    /** The permissions the cluster says the current user lacks, in the order asked. */
    public List<Permission> missing(List<Permission> permissions) {
        List<Permission> missing = new ArrayList<>();
        for (Permission permission : permissions) {
            SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder()
                    .withNewSpec()
                    .withNewResourceAttributes()
                    .withVerb(permission.verb())
                    .withGroup(permission.group())
                    .withResource(permission.resource())
                    .withNamespace(permission.namespace())
                    .endResourceAttributes()
                    .endSpec()
                    .build();
            SelfSubjectAccessReview answer;
            try {
                answer = client.authorization().v1().selfSubjectAccessReview().create(review);
            } catch (KubernetesClientException e) {
                throw KubeErrors.of("asking the cluster whether " + permission.describe() + " is allowed", e);
            }
            if (answer.getStatus() == null
                    || !Boolean.TRUE.equals(answer.getStatus().getAllowed())) {
                missing.add(permission);
            }
        }
        return missing;
    }

    /** The user the cluster sees (SelfSubjectReview); never taken from a flag. */
    public String whoAmI() {
        try {
            SelfSubjectReview review =
                    client.authentication().v1().selfSubjectReviews().create(new SelfSubjectReview());
            if (review.getStatus() != null
                    && review.getStatus().getUserInfo() != null
                    && review.getStatus().getUserInfo().getUsername() != null) {
                return review.getStatus().getUserInfo().getUsername();
            }
            throw CicdException.environment("the cluster's SelfSubjectReview answered without a user name");
        } catch (KubernetesClientException e) {
            throw KubeErrors.of("asking the cluster who the current user is (SelfSubjectReview)", e);
        }
    }

    private APIResource resourceOf(ManifestObject object) {
        List<APIResource> resources = discovery.computeIfAbsent(object.apiVersion(), this::discover);
        return resources.stream()
                .filter(r -> object.kind().equals(r.getKind()) && !r.getName().contains("/"))
                .findFirst()
                .orElseThrow(() -> CicdException.project(
                        "the cluster does not serve kind " + object.kind() + " in " + object.apiVersion() + " (object "
                                + object.name() + "); is a CRD missing, or is the apiVersion outdated?"));
    }

    private List<APIResource> discover(String apiVersion) {
        try {
            APIResourceList list = client.getApiResources(apiVersion);
            return list == null ? List.of() : list.getResources();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return List.of();
            }
            throw KubeErrors.of("reading the cluster's API resources for " + apiVersion, e);
        }
    }
}
