package dev.cicd.testkube;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersions;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resource types the stand-in serves, and the discovery documents built from them. Clients map kinds
 * to URLs through discovery (Helm fails with "no matches for kind" without it), so every kind a chart or
 * test may send has to be listed here.
 */
final class ApiCatalog {

    /** One resource type: where it lives, what it is called, and whether it has a status subresource. */
    record ResourceType(
            String group,
            String version,
            String plural,
            String singular,
            String kind,
            boolean namespaced,
            List<String> verbs,
            List<String> shortNames,
            boolean hasStatus) {

        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }

        /** The collection URL, e.g. /apis/apps/v1/namespaces/qa/deployments. */
        String collectionPath(String namespace) {
            String root = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
            return namespaced && namespace != null
                    ? root + "/namespaces/" + namespace + "/" + plural
                    : root + "/" + plural;
        }

        String objectPath(String namespace, String name) {
            return collectionPath(namespace) + "/" + name;
        }
    }

    private static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    private static final List<String> CREATE_ONLY = List.of("create");
    private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

    private final List<ResourceType> types = new ArrayList<>();
    /** Group name to its served versions, preferred version first. */
    private final Map<String, List<String>> groupVersions = new LinkedHashMap<>();

    ApiCatalog() {
        String core = "";
        add(core, "v1", "bindings", "Binding", true, CREATE_ONLY, false);
        add(core, "v1", "componentstatuses", "ComponentStatus", false, List.of("get", "list"), false, "cs");
        add(core, "v1", "configmaps", "ConfigMap", true, ALL_VERBS, false, "cm");
        add(core, "v1", "endpoints", "Endpoints", true, ALL_VERBS, false, "ep");
        add(core, "v1", "events", "Event", true, ALL_VERBS, false, "ev");
        add(core, "v1", "limitranges", "LimitRange", true, ALL_VERBS, false, "limits");
        add(
                core,
                "v1",
                "namespaces",
                "Namespace",
                false,
                List.of("create", "delete", "get", "list", "patch", "update", "watch"),
                true,
                "ns");
        add(core, "v1", "nodes", "Node", false, ALL_VERBS, true, "no");
        add(core, "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, ALL_VERBS, true, "pvc");
        add(core, "v1", "persistentvolumes", "PersistentVolume", false, ALL_VERBS, true, "pv");
        add(core, "v1", "pods", "Pod", true, ALL_VERBS, true, "po");
        add(core, "v1", "podtemplates", "PodTemplate", true, ALL_VERBS, false);
        add(core, "v1", "replicationcontrollers", "ReplicationController", true, ALL_VERBS, true, "rc");
        add(core, "v1", "resourcequotas", "ResourceQuota", true, ALL_VERBS, true, "quota");
        add(core, "v1", "secrets", "Secret", true, ALL_VERBS, false);
        add(core, "v1", "serviceaccounts", "ServiceAccount", true, ALL_VERBS, false, "sa");
        add(core, "v1", "services", "Service", true, ALL_VERBS, true, "svc");

        add("apps", "v1", "controllerrevisions", "ControllerRevision", true, ALL_VERBS, false);
        add("apps", "v1", "daemonsets", "DaemonSet", true, ALL_VERBS, true, "ds");
        add("apps", "v1", "deployments", "Deployment", true, ALL_VERBS, true, "deploy");
        add("apps", "v1", "replicasets", "ReplicaSet", true, ALL_VERBS, true, "rs");
        add("apps", "v1", "statefulsets", "StatefulSet", true, ALL_VERBS, true, "sts");

        add("batch", "v1", "cronjobs", "CronJob", true, ALL_VERBS, true, "cj");
        add("batch", "v1", "jobs", "Job", true, ALL_VERBS, true);

        add("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false, ALL_VERBS, false);
        add("networking.k8s.io", "v1", "ingresses", "Ingress", true, ALL_VERBS, true, "ing");
        add("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, ALL_VERBS, false, "netpol");

        add("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, ALL_VERBS, false);
        add("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, ALL_VERBS, false);
        add("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, ALL_VERBS, false);
        add("rbac.authorization.k8s.io", "v1", "roles", "Role", true, ALL_VERBS, false);

        add("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, ALL_VERBS, true, "pdb");

        // autoscaling/v2 is the preferred version, v1 is still served.
        add("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, ALL_VERBS, true, "hpa");
        add("autoscaling", "v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, ALL_VERBS, true, "hpa");

        add("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview", false, CREATE_ONLY, false);
        add("authentication.k8s.io", "v1", "tokenreviews", "TokenReview", false, CREATE_ONLY, false);
        add(
                "authorization.k8s.io",
                "v1",
                "localsubjectaccessreviews",
                "LocalSubjectAccessReview",
                true,
                CREATE_ONLY,
                false);
        add(
                "authorization.k8s.io",
                "v1",
                "selfsubjectaccessreviews",
                "SelfSubjectAccessReview",
                false,
                CREATE_ONLY,
                false);
        add(
                "authorization.k8s.io",
                "v1",
                "selfsubjectrulesreviews",
                "SelfSubjectRulesReview",
                false,
                CREATE_ONLY,
                false);
        add("authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", false, CREATE_ONLY, false);

        add("coordination.k8s.io", "v1", "leases", "Lease", true, ALL_VERBS, false);
        add("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, ALL_VERBS, false);
        add("events.k8s.io", "v1", "events", "Event", true, ALL_VERBS, false, "ev");
        add("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false, ALL_VERBS, false, "pc");
        add("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, ALL_VERBS, false, "sc");
        add("storage.k8s.io", "v1", "csidrivers", "CSIDriver", false, ALL_VERBS, false);
        add(
                "apiextensions.k8s.io",
                "v1",
                "customresourcedefinitions",
                "CustomResourceDefinition",
                false,
                ALL_VERBS,
                true,
                "crd",
                "crds");
    }

    private void add(
            String group,
            String version,
            String plural,
            String kind,
            boolean namespaced,
            List<String> verbs,
            boolean hasStatus,
            String... shortNames) {
        types.add(new ResourceType(
                group, version, plural, kind.toLowerCase(), kind, namespaced, verbs, List.of(shortNames), hasStatus));
        List<String> versions = groupVersions.computeIfAbsent(group, g -> new ArrayList<>());
        if (!versions.contains(version)) {
            versions.add(version);
        }
    }

    Optional<ResourceType> byPlural(String group, String version, String plural) {
        return types.stream()
                .filter(t -> t.group().equals(group)
                        && t.version().equals(version)
                        && t.plural().equals(plural))
                .findFirst();
    }

    /** Looks a kind up by apiVersion ("v1", "apps/v1") and kind, as objects name themselves. */
    Optional<ResourceType> byKind(String apiVersion, String kind) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return types.stream()
                .filter(t -> t.group().equals(group)
                        && t.version().equals(version)
                        && t.kind().equals(kind))
                .findFirst();
    }

    List<ResourceType> all() {
        return List.copyOf(types);
    }

    boolean servesGroupVersion(String group, String version) {
        return groupVersions.getOrDefault(group, List.of()).contains(version);
    }

    APIVersions coreVersions(String serverAddress) {
        return new APIVersionsBuilder()
                .withVersions("v1")
                .addNewServerAddressByClientCIDR("0.0.0.0/0", serverAddress)
                .build();
    }

    APIGroupList groups() {
        List<APIGroup> groups = new ArrayList<>();
        groupVersions.forEach((group, versions) -> {
            if (group.isEmpty()) {
                return;
            }
            List<GroupVersionForDiscovery> served = versions.stream()
                    .map(v -> new GroupVersionForDiscovery(group + "/" + v, v))
                    .toList();
            groups.add(new APIGroupBuilder()
                    .withName(group)
                    .withVersions(served)
                    .withPreferredVersion(served.get(0))
                    .build());
        });
        return new APIGroupListBuilder().withGroups(groups).build();
    }

    Optional<APIGroup> group(String name) {
        return groups().getGroups().stream()
                .filter(g -> g.getName().equals(name))
                .findFirst();
    }

    APIResourceList resources(String group, String version) {
        List<APIResource> resources = new ArrayList<>();
        for (ResourceType type : types) {
            if (!type.group().equals(group) || !type.version().equals(version)) {
                continue;
            }
            resources.add(new APIResourceBuilder()
                    .withName(type.plural())
                    .withSingularName(type.singular())
                    .withNamespaced(type.namespaced())
                    .withKind(type.kind())
                    .withVerbs(type.verbs())
                    .withShortNames(type.shortNames().isEmpty() ? null : type.shortNames())
                    .build());
            if (type.hasStatus()) {
                resources.add(new APIResourceBuilder()
                        .withName(type.plural() + "/status")
                        .withSingularName("")
                        .withNamespaced(type.namespaced())
                        .withKind(type.kind())
                        .withVerbs(STATUS_VERBS)
                        .build());
            }
            if (List.of("deployments", "replicasets", "statefulsets", "replicationcontrollers")
                    .contains(type.plural())) {
                resources.add(new APIResourceBuilder()
                        .withName(type.plural() + "/scale")
                        .withSingularName("")
                        .withNamespaced(true)
                        .withGroup("autoscaling")
                        .withVersion("v1")
                        .withKind("Scale")
                        .withVerbs(STATUS_VERBS)
                        .build());
            }
        }
        return new APIResourceListBuilder()
                .withGroupVersion(group.isEmpty() ? version : group + "/" + version)
                .withResources(resources)
                .build();
    }
}
