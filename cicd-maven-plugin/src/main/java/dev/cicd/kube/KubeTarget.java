package dev.cicd.kube;

import dev.cicd.common.CicdException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The cluster of an environment, read from its kubeconfig: the context, the API server it points
 * at (which tells clusters apart), and a kubeconfig whose current context is that one, for Helm
 * (helm-java takes no context option) and for fabric8.
 */
public final class KubeTarget implements AutoCloseable {

    private static final Set<String> FILE_FIELDS =
            Set.of("certificate-authority", "client-certificate", "client-key", "tokenFile");

    private final DeployEnvironment environment;
    private final Path kubeconfigFile;
    private final String context;
    private final String server;
    private final String kubeconfigYaml;
    private Path helmKubeconfig;

    private KubeTarget(
            DeployEnvironment environment, Path kubeconfigFile, String context, String server, String kubeconfigYaml) {
        this.environment = environment;
        this.kubeconfigFile = kubeconfigFile;
        this.context = context;
        this.server = server;
        this.kubeconfigYaml = kubeconfigYaml;
    }

    /** Reads the environment's kubeconfig and finds its context and API server. */
    public static KubeTarget of(DeployEnvironment environment, Map<String, String> env, Path home) {
        Path file = environment.kubeconfig() != null ? environment.kubeconfig() : defaultKubeconfig(env, home);
        if (!Files.isRegularFile(file)) {
            throw CicdException.project("environment " + environment.name() + ": no kubeconfig at " + file
                    + "; set <kubeconfig> for the environment or KUBECONFIG");
        }
        Map<String, Object> config = load(file);
        String context = environment.context() != null ? environment.context() : (String) config.get("current-context");
        Map<String, Object> contextEntry = named(config, "contexts", context);
        if (contextEntry == null) {
            throw CicdException.project(
                    "environment " + environment.name() + ": kubeconfig " + file + " has no context '" + context
                            + "' (contexts: " + String.join(", ", names(config, "contexts")) + ")");
        }
        Object clusterName = map(contextEntry.get("context")).get("cluster");
        Map<String, Object> cluster = named(config, "clusters", String.valueOf(clusterName));
        if (cluster == null || map(cluster.get("cluster")).get("server") == null) {
            throw CicdException.project("environment " + environment.name() + ": context " + context + " in " + file
                    + " names cluster '" + clusterName + "', which has no server");
        }
        String server = String.valueOf(map(cluster.get("cluster")).get("server"));
        Map<String, Object> selected = new LinkedHashMap<>(config);
        selected.put("current-context", context);
        absolutiseFiles(selected, file.toAbsolutePath().getParent());
        DumperOptions dump = new DumperOptions();
        dump.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new KubeTarget(environment, file, context, server, new Yaml(dump).dump(selected));
    }

    static Path defaultKubeconfig(Map<String, String> env, Path home) {
        String variable = env.get("KUBECONFIG");
        if (variable != null && !variable.isBlank()) {
            return Path.of(variable.split(java.io.File.pathSeparator)[0]);
        }
        return home.resolve(".kube").resolve("config");
    }

    public DeployEnvironment environment() {
        return environment;
    }

    public String context() {
        return context;
    }

    /** The API server URL, normalised: two environments on the same URL are the same cluster. */
    public String server() {
        return server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    }

    public Path kubeconfigFile() {
        return kubeconfigFile;
    }

    /** A kubeconfig with this context current (contains credentials: keep it in memory). */
    public String kubeconfigYaml() {
        return kubeconfigYaml;
    }

    /**
     * A kubeconfig file with this context current, for Helm: helm-java 0.0.21 takes a file (its
     * in-memory kubeconfig option is ignored by upgrades). The file holds credentials, so it lives in
     * a private temporary directory, readable by the owner only, and is deleted on {@link #close()}.
     */
    public synchronized Path helmKubeconfig() {
        if (helmKubeconfig == null) {
            try {
                Path directory = Files.createTempDirectory(
                        "cicd-kube-",
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
                helmKubeconfig = Files.writeString(directory.resolve("config"), kubeconfigYaml);
                Files.setPosixFilePermissions(
                        helmKubeconfig, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                helmKubeconfig.toFile().deleteOnExit();
                directory.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("could not write a kubeconfig for Helm", e);
            }
        }
        return helmKubeconfig;
    }

    @Override
    public synchronized void close() {
        if (helmKubeconfig != null) {
            try {
                Files.deleteIfExists(helmKubeconfig);
                Files.deleteIfExists(helmKubeconfig.getParent());
            } catch (IOException ignored) {
                // deleteOnExit takes care of it
            }
            helmKubeconfig = null;
        }
    }

    public KubernetesClient client() {
        Config config = Config.fromKubeconfig(context, kubeconfigYaml, kubeconfigFile.toString());
        config.setNamespace(environment.namespace());
        config.setRequestTimeout(30_000);
        config.setConnectionTimeout(10_000);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    public String describe() {
        return "context " + context + ", server " + server() + ", namespace " + environment.namespace();
    }

    private static Map<String, Object> load(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        try (Reader reader = Files.newBufferedReader(file)) {
            Object loaded = new Yaml(new SafeConstructor(options)).load(reader);
            return map(loaded);
        } catch (IOException | RuntimeException e) {
            throw CicdException.project("could not read kubeconfig " + file + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Map<String, Object> named(Map<String, Object> config, String list, String name) {
        Object entries = config.get(list);
        if (entries instanceof List<?> items) {
            for (Object item : items) {
                Map<String, Object> entry = map(item);
                if (name != null && name.equals(entry.get("name"))) {
                    return entry;
                }
            }
        }
        return null;
    }

    private static List<String> names(Map<String, Object> config, String list) {
        List<String> names = new ArrayList<>();
        if (config.get(list) instanceof List<?> items) {
            items.forEach(item -> names.add(String.valueOf(map(item).get("name"))));
        }
        return names;
    }

    /** Relative file references in a kubeconfig are relative to the file itself; the copy lives in memory. */
    @SuppressWarnings("unchecked")
    private static void absolutiseFiles(Object node, Path base) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
                if (FILE_FIELDS.contains(entry.getKey())
                        && entry.getValue() instanceof String path
                        && !Path.of(path).isAbsolute()) {
                    entry.setValue(base.resolve(path).normalize().toString());
                } else {
                    absolutiseFiles(entry.getValue(), base);
                }
            }
        } else if (node instanceof List<?> list) {
            list.forEach(item -> absolutiseFiles(item, base));
        }
    }
}
