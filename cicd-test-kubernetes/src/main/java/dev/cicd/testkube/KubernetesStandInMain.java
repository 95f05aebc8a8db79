package dev.cicd.testkube;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs stand-in clusters as a process, for the demo and for trying the plugin without a cluster:
 * one stand-in per context name, a kubeconfig with all of them, running until the process ends.
 *
 * <pre>java -cp ... dev.cicd.testkube.KubernetesStandInMain &lt;kubeconfig file&gt; &lt;context&gt;... [--namespace=name]...</pre>
 *
 * Namespaces named with {@code --namespace} are created in every stand-in (an administrator's job
 * in a real cluster, e.g. the approvals namespace).
 */
public final class KubernetesStandInMain {

    private KubernetesStandInMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: KubernetesStandInMain <kubeconfig file> <context>... [--namespace=<name>]...");
            System.exit(2);
        }
        Path kubeconfig = Path.of(args[0]);
        Map<String, KubernetesStandIn> clusters = new LinkedHashMap<>();
        java.util.List<String> namespaces = new java.util.ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--namespace=")) {
                namespaces.add(args[i].substring("--namespace=".length()));
            } else {
                clusters.put(args[i], KubernetesStandIn.start());
            }
        }
        for (KubernetesStandIn standIn : clusters.values()) {
            namespaces.forEach(standIn::createNamespace);
        }
        Path written = KubernetesStandIn.writeKubeconfig(kubeconfig, clusters);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            clusters.values().forEach(KubernetesStandIn::close);
            stopped.countDown();
        }));
        clusters.forEach(
                (context, standIn) -> System.out.println("stand-in cluster " + context + " at " + standIn.url()));
        System.out.println("kubeconfig: " + written.toAbsolutePath());
        Files.writeString(written.resolveSibling(written.getFileName() + ".ready"), "ready\n");
        stopped.await();
    }
}
