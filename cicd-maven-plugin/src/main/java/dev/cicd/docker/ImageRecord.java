package dev.cicd.docker;

/**
 * The images one build produced, written to {@code target/cicd/images.json} for the goals after
 * {@code build} (test, scan, push) and for people.
 *
 * @param testImage the image of the test stage, null when not built
 * @param runtimeImage the runtime image, null when not built
 */
public record ImageRecord(Image testImage, Image runtimeImage) {

    /** One built image: its reference, the Dockerfile target, and the id the engine gave it. */
    public record Image(String reference, String target, String id) {
        static Image of(ImageBuilder.BuiltImage built) {
            return built == null ? null : new Image(built.reference().toString(), built.target(), built.imageId());
        }
    }

    public static ImageRecord of(ImageBuilder.BuiltImage test, ImageBuilder.BuiltImage runtime) {
        return new ImageRecord(Image.of(test), Image.of(runtime));
    }
}
