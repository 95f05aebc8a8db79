package dev.cicd.kube;

import dev.cicd.common.CicdException;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Turns the Kubernetes client's exceptions into messages that say what was being done and what to do. */
final class KubeErrors {

    private KubeErrors() {}

    static CicdException of(String doing, KubernetesClientException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        int code = e.getCode();
        if (code == 401) {
            return CicdException.project("the cluster refused the credentials of the kubeconfig while " + doing
                    + " (HTTP 401): log in again (the token may have expired)");
        }
        if (code == 403) {
            return CicdException.project("the cluster forbids " + doing + " (HTTP 403): " + e.getMessage());
        }
        if (code == 0) {
            return CicdException.environment(
                    "could not reach the cluster while " + doing + ": " + root.getMessage()
                            + "; check the kubeconfig context and that the API server is up",
                    root);
        }
        return CicdException.environment(
                "the cluster failed while " + doing + " (HTTP " + code + "): " + e.getMessage(), e);
    }
}
