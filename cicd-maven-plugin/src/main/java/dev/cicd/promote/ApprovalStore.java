package dev.cicd.promote;

import dev.cicd.common.CicdException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Approvals and promotion records as ConfigMaps in a namespace of the production cluster that holds
 * nothing else (default {@code cicd-approvals}).
 *
 * <p>A ConfigMap rather than a custom resource: nothing needs to be installed cluster-wide (no CRD,
 * no cluster-admin), and with a namespace of their own, RBAC still separates the roles exactly:
 * approvers may create ConfigMaps there, the CI's deployer may only read them. Approvals are
 * immutable once written. The schema is in the {@code data} keys below and in docs/promote.md.
 */
public final class ApprovalStore {

    public static final String KIND_LABEL = "cicd.dev/kind";
    public static final String SERVICE_LABEL = "cicd.dev/service";
    public static final String VERSION_LABEL = "cicd.dev/version";
    public static final String ENVIRONMENT_LABEL = "cicd.dev/environment";

    private final KubernetesClient client;
    private final String namespace;

    public ApprovalStore(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public String namespace() {
        return namespace;
    }

    /** Writes an approval; its name is unique per approver, digest and time. */
    public Approval record(Approval approval) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("service", approval.service());
        data.put("version", approval.version());
        data.put("imageDigest", approval.imageDigest());
        data.put("chartVersion", approval.chartVersion());
        data.put("environment", approval.environment());
        data.put("approver", approval.approver());
        data.put("approvedAt", approval.approvedAt().toString());
        data.put("expiresAt", approval.expiresAt().toString());
        if (approval.comment() != null) {
            data.put("comment", approval.comment());
        }
        ConfigMap configMap = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(approval.name())
                .withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "cicd")
                .addToLabels(KIND_LABEL, "approval")
                .addToLabels(SERVICE_LABEL, label(approval.service()))
                .addToLabels(VERSION_LABEL, label(approval.version()))
                .addToLabels(ENVIRONMENT_LABEL, label(approval.environment()))
                .endMetadata()
                .withImmutable(true)
                .withData(data)
                .build();
        try {
            client.configMaps().inNamespace(namespace).resource(configMap).create();
            return approval;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                throw CicdException.project(
                        "user " + approval.approver() + " may not approve: the cluster forbids creating"
                                + " approvals (ConfigMaps) in namespace " + namespace
                                + ". An administrator grants it with the Role"
                                + " and RoleBinding in docs/promote.md");
            }
            if (e.getCode() == 404) {
                throw CicdException.project(
                        "namespace " + namespace + " for approvals does not exist in the production cluster;"
                                + " an administrator creates it (kubectl create namespace " + namespace
                                + ") with the RBAC in docs/promote.md");
            }
            throw CicdException.environment(
                    "could not record the approval in namespace " + namespace + ": " + e.getMessage(), e);
        }
    }

    /** The approvals of a service's version for an environment, newest first. */
    public List<Approval> approvals(String service, String version, String environment) {
        return list("approval", service).stream()
                .filter(c -> label(version).equals(c.getMetadata().getLabels().get(VERSION_LABEL)))
                .filter(c ->
                        label(environment).equals(c.getMetadata().getLabels().get(ENVIRONMENT_LABEL)))
                .map(ApprovalStore::approval)
                .sorted(Comparator.comparing(Approval::approvedAt).reversed())
                .toList();
    }

    /** Records a completed promotion: what went to production, approved by whom and when. */
    public void recordPromotion(PromotionRecord promotion) {
        Approval approval = promotion.approval();
        String name = "cicd-promotion-" + label(approval.service()) + "-"
                + label(approval.version()).toLowerCase(Locale.ROOT) + "-"
                + approval.imageDigest().substring(7, 19);
        ConfigMap configMap = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "cicd")
                .addToLabels(KIND_LABEL, "promotion")
                .addToLabels(SERVICE_LABEL, label(approval.service()))
                .addToLabels(VERSION_LABEL, label(approval.version()))
                .addToLabels(ENVIRONMENT_LABEL, label(approval.environment()))
                .endMetadata()
                .withData(promotion.data())
                .build();
        try {
            client.configMaps().inNamespace(namespace).resource(configMap).createOr(existing -> existing.update());
        } catch (KubernetesClientException e) {
            throw CicdException.environment(
                    "the promotion succeeded but could not be recorded in namespace " + namespace + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** Promotion records of a service, newest first: what went out, approved by whom, when. */
    public List<PromotionRecord> promotions(String service) {
        return list("promotion", service).stream()
                .map(configMap -> PromotionRecord.fromData(configMap.getData()))
                .sorted(Comparator.comparing(PromotionRecord::promotedAt).reversed())
                .toList();
    }

    private List<ConfigMap> list(String kind, String service) {
        try {
            return client.configMaps()
                    .inNamespace(namespace)
                    .withLabel(KIND_LABEL, kind)
                    .withLabel(SERVICE_LABEL, label(service))
                    .list()
                    .getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                throw CicdException.project("the cluster forbids reading approvals in namespace " + namespace
                        + ": grant get and list on configmaps there (docs/promote.md)");
            }
            throw CicdException.environment(
                    "could not read approvals in namespace " + namespace + ": " + e.getMessage(), e);
        }
    }

    private static Approval approval(ConfigMap configMap) {
        Map<String, String> data = configMap.getData();
        return new Approval(
                configMap.getMetadata().getName(),
                data.get("service"),
                data.get("version"),
                data.get("imageDigest"),
                data.get("chartVersion"),
                data.get("environment"),
                data.get("approver"),
                Instant.parse(data.get("approvedAt")),
                Instant.parse(data.get("expiresAt")),
                data.get("comment"));
    }

    /** Label values allow letters, digits, '-', '_', '.' and at most 63 characters. */
    static String label(String value) {
        String label = value.replaceAll("[^A-Za-z0-9_.-]", "_");
        label = label.length() > 63 ? label.substring(0, 63) : label;
        return label.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    }
}
