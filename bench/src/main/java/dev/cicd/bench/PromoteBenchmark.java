package dev.cicd.bench;

import dev.cicd.common.BuildLog;
import dev.cicd.promote.ImageCopier;
import dev.cicd.registry.RegistryClient;
import dev.cicd.registry.credentials.RegistryCredentials;
import dev.cicd.registry.credentials.ResolvedCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The copy step of cicd:promote on a ~200 MB image: the plugin's registry-API copy against the naive
 * path (docker pull + docker tag + docker push) and against skopeo copy (the reference), within one
 * registry, then between two registries (plain to TLS). Every run copies into a new repository.
 *
 * Usage: PromoteBenchmark [runs] [ca file of the TLS registry]
 */
public final class PromoteBenchmark {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path ca = Path.of(args.length > 1 ? args[1] : ".local/ca/ca.crt").toAbsolutePath();
        String plain = "127.0.0.1:5000";
        String tls = "localhost:5443";
        String user = "cicd";
        String password = System.getenv().getOrDefault("CICD_TEST_REGISTRY_PASSWORD", "cicd-local-secret");
        Path work = Files.createTempDirectory("promote-bench");
        Path certs = Files.createDirectories(work.resolve("certs"));
        Files.copy(ca, certs.resolve("ca.crt"));
        Timing.run(
                work,
                "sh",
                "-c",
                "printf '%s' '" + password + "' | docker login -u " + user + " --password-stdin " + plain);

        long stamp = System.currentTimeMillis();
        String source = image(work, plain, "bench/promote-src-" + stamp);

        ResolvedCredentials credentials =
                new ResolvedCredentials(RegistryCredentials.password(user, password), "benchmark");
        RegistryClient from =
                new RegistryClient(plain, credentials, RegistryClient.Options.defaults(), BuildLog.silent());
        RegistryClient to = new RegistryClient(
                tls, credentials, RegistryClient.Options.defaults().withCaFile(ca), BuildLog.silent());
        String digest = from.head(source, "v1.0.0").orElseThrow().digest();
        ImageCopier copier = new ImageCopier(BuildLog.silent());
        String creds = user + ":" + password;

        double[] ours = new double[runs];
        double[] naive = new double[runs];
        double[] skopeo = new double[runs];
        double[] oursCross = new double[runs];
        double[] skopeoCross = new double[runs];
        for (int i = 0; i < runs; i++) {
            int n = i;
            ours[i] = Timing.time(
                    1, () -> copier.copy(from, source, digest, from, "bench/prod-ours-" + stamp + "-" + n, "v1.0.0"))[
                    0];
            naive[i] = Timing.time(1, () -> {
                // Remove every local tag of the image, so the pull really downloads it.
                Timing.run(
                        work,
                        "sh",
                        "-c",
                        "docker rmi -f $(docker images -q --filter reference='" + plain
                                + "/bench/*') >/dev/null 2>&1 || true");
                Timing.run(work, "docker", "pull", "-q", plain + "/" + source + ":v1.0.0");
                Timing.run(
                        work,
                        "docker",
                        "tag",
                        plain + "/" + source + ":v1.0.0",
                        plain + "/bench/prod-naive-" + stamp + "-" + n + ":v1.0.0");
                Timing.run(work, "docker", "push", "-q", plain + "/bench/prod-naive-" + stamp + "-" + n + ":v1.0.0");
                return null;
            })[0];
            skopeo[i] = Timing.time(1, () -> {
                Timing.run(
                        work,
                        "skopeo",
                        "copy",
                        "-q",
                        "--src-tls-verify=false",
                        "--dest-tls-verify=false",
                        "--src-creds",
                        creds,
                        "--dest-creds",
                        creds,
                        "docker://" + plain + "/" + source + ":v1.0.0",
                        "docker://" + plain + "/bench/prod-skopeo-" + stamp + "-" + n + ":v1.0.0");
                return null;
            })[0];
            // Between registries every run gets new layers, so both tools move every byte; they take turns going first.
            String fresh = image(work, plain, "bench/promote-cross-" + stamp + "-" + n);
            String freshDigest = from.head(fresh, "v1.0.0").orElseThrow().digest();
            java.util.concurrent.Callable<Object> oursCopy =
                    () -> copier.copy(from, fresh, freshDigest, to, "bench/prod-ours-" + stamp + "-" + n, "v1.0.0");
            java.util.concurrent.Callable<Object> skopeoCopy = () -> {
                Timing.run(
                        work,
                        "skopeo",
                        "copy",
                        "-q",
                        "--src-tls-verify=false",
                        "--dest-cert-dir",
                        certs.toString(),
                        "--src-creds",
                        creds,
                        "--dest-creds",
                        creds,
                        "docker://" + plain + "/" + fresh + ":v1.0.0",
                        "docker://" + tls + "/bench/prod-skopeo-" + stamp + "-" + n + ":v1.0.0");
                return null;
            };
            if (n % 2 == 0) {
                oursCross[i] = Timing.time(1, oursCopy)[0];
                skopeoCross[i] = Timing.time(1, skopeoCopy)[0];
            } else {
                skopeoCross[i] = Timing.time(1, skopeoCopy)[0];
                oursCross[i] = Timing.time(1, oursCopy)[0];
            }
        }
        long size = from.manifest(source, digest).children().stream()
                .mapToLong(d -> d.size())
                .sum();
        System.out.printf(
                Locale.ROOT,
                "promotion copy of a %.0f MB image (%s), digest kept%n",
                size / 1e6,
                digest.substring(0, 19));
        System.out.println(" within one registry:");
        System.out.println("  cicd copy (registry API, blob mounts): " + Timing.describe(ours));
        System.out.println("  docker pull + tag + push (naive):      " + Timing.describe(naive));
        System.out.println("  skopeo copy (reference):               " + Timing.describe(skopeo));
        System.out.printf(
                Locale.ROOT,
                "  naive / cicd: %.1fx faster (target >= 10); cicd / skopeo: %.2f (target <= 1.5)%n",
                Timing.median(naive) / Timing.median(ours),
                Timing.median(ours) / Timing.median(skopeo));
        System.out.println(" between registries (plain to TLS):");
        System.out.println("  cicd copy (streamed blobs):            " + Timing.describe(oursCross));
        System.out.println("  skopeo copy:                           " + Timing.describe(skopeoCross));
        System.out.printf(
                Locale.ROOT, "  cicd / skopeo: %.2f%n", Timing.median(oursCross) / Timing.median(skopeoCross));
    }

    /** Builds and pushes a ~200 MB image of new random content (two 100 MB layers); returns its repository. */
    private static String image(Path work, String registry, String repository) throws Exception {
        Path context = Files.createDirectories(work.resolve(repository.replace('/', '_')));
        Files.writeString(
                context.resolve("Dockerfile"),
                "FROM cicd.local/busybox:1\n"
                        + "RUN echo " + repository + " > /id && head -c 100000000 /dev/urandom > /a.bin\n"
                        + "RUN head -c 100000000 /dev/urandom > /b.bin\n");
        Timing.run(context, "docker", "build", "-q", "-t", registry + "/" + repository + ":v1.0.0", ".");
        Timing.run(context, "docker", "push", "-q", registry + "/" + repository + ":v1.0.0");
        return repository;
    }
}
