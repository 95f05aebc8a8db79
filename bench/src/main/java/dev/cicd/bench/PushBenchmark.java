package dev.cicd.bench;

import dev.cicd.common.BuildLog;
import dev.cicd.docker.DockerEngine;
import dev.cicd.docker.ImagePusher;
import dev.cicd.docker.ImageReference;
import dev.cicd.registry.RegistryClient;
import dev.cicd.registry.credentials.RegistryCredentials;
import dev.cicd.registry.credentials.ResolvedCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Pushes a ~100 MB image (incompressible content) to the local registry: the plugin's push against
 * {@code docker push}, each on images of their own so that every push uploads everything, then the
 * second push of an image the registry already has.
 *
 * Usage: PushBenchmark [registry] [runs]   (credentials: the local test registry's)
 */
public final class PushBenchmark {

    public static void main(String[] args) throws Exception {
        String registry = args.length > 0 ? args[0] : "127.0.0.1:5000";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String user = System.getenv().getOrDefault("CICD_TEST_REGISTRY_USER", "cicd");
        String password = System.getenv().getOrDefault("CICD_TEST_REGISTRY_PASSWORD", "cicd-local-secret");
        Path work = Files.createTempDirectory("push-bench");
        Timing.run(
                work,
                "sh",
                "-c",
                "printf '%s' '" + password + "' | docker login -u " + user + " --password-stdin " + registry);

        long stamp = System.currentTimeMillis();
        ImageReference[] plugin = new ImageReference[runs];
        ImageReference[] cli = new ImageReference[runs];
        for (int i = 0; i < runs; i++) {
            plugin[i] = build(work, registry, "bench/push-plugin-" + stamp + "-" + i);
            cli[i] = build(work, registry, "bench/push-cli-" + stamp + "-" + i);
        }
        ResolvedCredentials credentials =
                new ResolvedCredentials(RegistryCredentials.password(user, password), "benchmark");
        RegistryClient client =
                new RegistryClient(registry, credentials, RegistryClient.Options.defaults(), BuildLog.silent());
        double[] pluginMillis = new double[runs];
        double[] cliMillis = new double[runs];
        try (DockerEngine engine = DockerEngine.connect()) {
            ImagePusher pusher = new ImagePusher(engine, client, credentials, BuildLog.silent());
            for (int i = 0; i < runs; i++) {
                ImageReference image = plugin[i];
                pluginMillis[i] = Timing.time(1, () -> pusher.push(image, false))[0];
                String reference = cli[i].toString();
                cliMillis[i] = Timing.time(1, () -> {
                    Timing.run(work, "docker", "push", "-q", reference);
                    return null;
                })[0];
            }
            double[] again = Timing.time(runs, () -> pusher.push(plugin[0], false));
            double[] cliAgain = Timing.time(runs, () -> {
                Timing.run(work, "docker", "push", "-q", cli[0].toString());
                return null;
            });
            long size =
                    engine.client().inspectImageCmd(plugin[0].toString()).exec().getSize();
            System.out.printf(
                    Locale.ROOT, "push of a %.0f MB image to %s (new layers each time)%n", size / 1e6, registry);
            System.out.println("  plugin push (ImagePusher, no Maven start-up): " + Timing.describe(pluginMillis));
            System.out.println("  docker push CLI:                              " + Timing.describe(cliMillis));
            System.out.printf(
                    Locale.ROOT,
                    "  ratio: %.2f (target <= 1.10)%n",
                    Timing.median(pluginMillis) / Timing.median(cliMillis));
            System.out.printf(
                    Locale.ROOT,
                    "  second push of the same image: plugin %.2f s (nothing uploaded), docker push %.2f s%n",
                    Timing.median(again) / 1000,
                    Timing.median(cliAgain) / 1000);
        }
    }

    private static ImageReference build(Path work, String registry, String repository) throws Exception {
        Path context = Files.createDirectories(work.resolve(repository.replace('/', '_')));
        Files.writeString(
                context.resolve("Dockerfile"),
                "FROM cicd.local/busybox:1\n" + "RUN echo " + repository
                        + " > /id && head -c 100000000 /dev/urandom > /payload.bin\n");
        String reference = registry + "/" + repository + ":v1.0.0";
        Timing.run(context, "docker", "build", "-q", "-t", reference, ".");
        return ImageReference.parse(reference);
    }
}
