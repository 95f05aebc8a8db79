package dev.cicd.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cicd.common.CicdException;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {

    @Test
    void parsesRegistryRepositoryTagAndDigest() {
        ImageReference ref = ImageReference.parse("localhost:5000/prod/delivery:v1.0.2@sha256:" + "a".repeat(64));

        assertThat(ref.registry()).isEqualTo("localhost:5000");
        assertThat(ref.repository()).isEqualTo("prod/delivery");
        assertThat(ref.tag()).isEqualTo("v1.0.2");
        assertThat(ref.digest()).startsWith("sha256:");
        assertThat(ImageReference.parse("delivery:v1").registry()).isEmpty();
        assertThat(ImageReference.parse("shipping/delivery:v1").repository()).isEqualTo("shipping/delivery");
    }

    @Test
    void refusesLatestAndMissingTags() {
        assertThatThrownBy(() -> ImageReference.parse("myrepo.azurecr.io/delivery:latest")
                        .requireVersionTag())
                .isInstanceOf(CicdException.class)
                .hasMessageContaining("image tag 'latest' is refused");
        assertThatThrownBy(
                        () -> ImageReference.parse("myrepo.azurecr.io/delivery").requireVersionTag())
                .hasMessageContaining("has no tag");
    }

    @Test
    void refusesInvalidNames() {
        assertThatThrownBy(() -> ImageReference.of("", "Delivery", "v1"))
                .hasMessageContaining("not a valid image repository");
        assertThatThrownBy(() -> ImageReference.of("", "delivery", "-v1"))
                .hasMessageContaining("not a valid image tag");
    }
}
