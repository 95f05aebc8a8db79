package dev.cicd.testkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who the kubeconfig's user is and what it may do, through reviews and through refused requests. */
class AccessReviewTest {

    private KubernetesStandIn standIn;
    private KubernetesClient user;

    @BeforeEach
    void start() {
        standIn = KubernetesStandIn.start();
        standIn.createNamespace("qa");
        user = standIn.userClient("qa");
    }

    @AfterEach
    void stop() {
        user.close();
        standIn.close();
    }

    @Test
    void everything_is_allowed_by_default() {
        assertThat(review("create", "apps", "deployments", "qa").getStatus().getAllowed())
                .isTrue();
        assertThat(user.pods().inNamespace("qa").list().getItems()).isEmpty();
    }

    @Test
    void allow_rules_decide_reviews_and_requests_once_set() {
        standIn.setUser("alice", "developers");
        standIn.allow("get", "apps", "deployments", "qa");
        standIn.allow("list", "", "pods", null);

        assertThat(review("get", "apps", "deployments", "qa").getStatus().getAllowed())
                .isTrue();
        assertThat(review("get", "apps", "deployments", "prod").getStatus().getAllowed())
                .isFalse();
        assertThat(review("delete", "apps", "deployments", "qa").getStatus().getAllowed())
                .isFalse();
        assertThat(user.pods().inNamespace("prod").list().getItems()).isEmpty();
        assertThatThrownBy(() -> user.configMaps().inNamespace("qa").list())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("User \"alice\" cannot list resource \"configmaps\"");
                });
        // The admin client is never refused, so tests can set up and inspect.
        assertThat(standIn.client().configMaps().inNamespace("qa").list().getItems())
                .isEmpty();
    }

    @Test
    void deny_all_refuses_reviews_requests_and_helm(@TempDir Path dir) {
        standIn.denyAll();

        assertThat(review("get", "", "secrets", "qa").getStatus().getAllowed()).isFalse();
        Path kubeconfig = standIn.writeKubeconfig(dir.resolve("kubeconfig"), "stand-in", "qa");
        assertThatThrownBy(() -> Helm.list()
                        .withKubeConfig(kubeconfig)
                        .withNamespace("qa")
                        .call())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("forbidden");

        standIn.allowAll();
        assertThat(Helm.list().withKubeConfig(kubeconfig).withNamespace("qa").call())
                .isEmpty();
    }

    @Test
    void self_subject_review_names_the_configured_user() {
        standIn.setUser("deployer", "ci", "release-managers");

        SelfSubjectReview review =
                user.authentication().v1().selfSubjectReviews().create(new SelfSubjectReview());

        assertThat(review.getStatus().getUserInfo().getUsername()).isEqualTo("deployer");
        assertThat(review.getStatus().getUserInfo().getGroups())
                .containsExactly("ci", "release-managers", "system:authenticated");
        assertThat(standIn.client()
                        .authentication()
                        .v1()
                        .selfSubjectReviews()
                        .create(new SelfSubjectReview())
                        .getStatus()
                        .getUserInfo()
                        .getUsername())
                .isEqualTo("kubernetes-admin");
    }

    private SelfSubjectAccessReview review(String verb, String group, String resource, String namespace) {
        return user.authorization()
                .v1()
                .selfSubjectAccessReview()
                .create(new SelfSubjectAccessReviewBuilder()
                        .withNewSpec()
                        .withNewResourceAttributes()
                        .withVerb(verb)
                        .withGroup(group)
                        .withResource(resource)
                        .withNamespace(namespace)
                        .endResourceAttributes()
                        .endSpec()
                        .build());
    }
}
