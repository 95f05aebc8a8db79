package dev.cicd.testkube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A stand-in for a Kubernetes API server, for tests: real Helm and fabric8 clients talk to it over HTTP on
 * 127.0.0.1 as they would to a cluster. Storage is fabric8's mock server in CRUD mode; the stand-in adds
 * discovery, OpenAPI, protobuf bodies, typed lists, strategic merge patch, status subresources, garbage
 * collection, access reviews and a Deployment controller (see DESIGN.md, "Kubernetes in tests").
 *
 * <pre>{@code
 * try (KubernetesStandIn standIn = KubernetesStandIn.start()) {
 *   Path kubeconfig = standIn.writeKubeconfig(dir.resolve("kubeconfig"), "stand-in", "qa");
 *   // run Helm or the plugin with that kubeconfig; inspect with standIn.client()
 * }
 * }</pre>
 *
 * Two identities: {@link #client()} is the cluster admin (never refused, for test setup and assertions);
 * the kubeconfig's user is subject to {@link #denyAll()} / {@link #allow} and is named by {@link #setUser}.
 */
public final class KubernetesStandIn implements AutoCloseable {

    /** Pod-template annotation that makes a Deployment's rollout fail: {@code cicd.dev/stand-in-fail-rollout: "true"}. */
    public static final String FAIL_ROLLOUT_ANNOTATION = DeploymentController.FAIL_ROLLOUT_ANNOTATION;
    /** Images containing this text fail to roll out, unless {@link #setRolloutFailureMarker} changes it. */
    public static final String DEFAULT_FAILURE_MARKER = "fail-rollout";

    /** Held so the level sticks: java.util.logging keeps loggers weakly. */
    private static final Map<String, KubernetesStandIn> NAMED = new ConcurrentHashMap<>();

    private static final Logger SERVER_LOG = Logger.getLogger(MockWebServer.class.getName());

    private final MockWebServer server;
    private final StandInDispatcher dispatcher;
    private final AccessRules access;
    private final ScheduledExecutorService scheduler;
    private final String url;
    private KubernetesClient client;
    private String name;

    private KubernetesStandIn() {
        // The mock server logs every request at INFO; Helm alone makes dozens per command.
        SERVER_LOG.setLevel(Level.WARNING);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kubernetes-stand-in-controller");
            thread.setDaemon(true);
            return thread;
        });
        access = new AccessRules();
        dispatcher = new StandInDispatcher(
                new ApiCatalog(),
                access,
                (delay, task) -> scheduler.schedule(task, Math.max(delay.toMillis(), 0), TimeUnit.MILLISECONDS));
        server = new MockWebServer();
        server.setDispatcher(dispatcher);
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        url = "http://127.0.0.1:" + server.getPort();
        dispatcher.setServerAddress("127.0.0.1:" + server.getPort());
        dispatcher.bootstrap();
    }

    /** Starts a stand-in on a free port of 127.0.0.1, with the default, kube-system and kube-public namespaces. */
    public static KubernetesStandIn start() {
        return new KubernetesStandIn();
    }

    /**
     * Starts a stand-in that later code in the same JVM can find by name, e.g. a maven-invoker pre-build
     * hook starting it and the post-build hook checking and closing it. Closing it forgets the name.
     */
    public static KubernetesStandIn startNamed(String name) {
        KubernetesStandIn standIn = start();
        standIn.name = name;
        KubernetesStandIn previous = NAMED.put(name, standIn);
        if (previous != null) {
            previous.close();
        }
        return standIn;
    }

    /** The running stand-in started with {@link #startNamed} under this name. */
    public static KubernetesStandIn named(String name) {
        KubernetesStandIn standIn = NAMED.get(name);
        if (standIn == null) {
            throw new IllegalStateException("no stand-in named " + name + " is running");
        }
        return standIn;
    }

    /** The server URL, {@code http://127.0.0.1:<port>}. */
    public String url() {
        return url;
    }

    /** A fabric8 client with the admin's token, default namespace "default". */
    public synchronized KubernetesClient client() {
        if (client == null) {
            client = newClient(StandInDispatcher.ADMIN_TOKEN, "default");
        }
        return client;
    }

    /** A new fabric8 client acting as the kubeconfig's user (subject to the access rules); close it after use. */
    public KubernetesClient userClient(String namespace) {
        return newClient(StandInDispatcher.USER_TOKEN, namespace);
    }

    private KubernetesClient newClient(String token, String namespace) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withOauthToken(token)
                .withNamespace(namespace)
                .withHttp2Disable(true)
                .withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * A kubeconfig with one cluster, user and context, all named {@code contextName}, pointing at this
     * stand-in over plain HTTP with the user's bearer token.
     */
    public String kubeconfigYaml(String contextName, String namespace) {
        return "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: " + contextName + "\n"
                + "  cluster:\n"
                + "    server: " + url + "\n"
                + "contexts:\n"
                + "- name: " + contextName + "\n"
                + "  context:\n"
                + "    cluster: " + contextName + "\n"
                + "    user: " + contextName + "\n"
                + (namespace == null ? "" : "    namespace: " + namespace + "\n")
                + "current-context: " + contextName + "\n"
                + "users:\n"
                + "- name: " + contextName + "\n"
                + "  user:\n"
                + "    token: " + StandInDispatcher.USER_TOKEN + "\n";
    }

    /**
     * Writes one kubeconfig with a context per stand-in (context, cluster and user named after the
     * map's key), the first one current: several clusters, as a deployer's kubeconfig has them.
     */
    public static Path writeKubeconfig(Path file, java.util.Map<String, KubernetesStandIn> contexts) {
        StringBuilder clusters = new StringBuilder("clusters:\n");
        StringBuilder users = new StringBuilder("users:\n");
        StringBuilder entries = new StringBuilder("contexts:\n");
        for (java.util.Map.Entry<String, KubernetesStandIn> entry : contexts.entrySet()) {
            String name = entry.getKey();
            clusters.append("- name: ")
                    .append(name)
                    .append("\n  cluster:\n    server: ")
                    .append(entry.getValue().url())
                    .append("\n");
            users.append("- name: ")
                    .append(name)
                    .append("\n  user:\n    token: ")
                    .append(StandInDispatcher.USER_TOKEN)
                    .append("\n");
            entries.append("- name: ")
                    .append(name)
                    .append("\n  context:\n    cluster: ")
                    .append(name)
                    .append("\n    user: ")
                    .append(name)
                    .append("\n");
        }
        String yaml = "apiVersion: v1\nkind: Config\n" + clusters + users + entries + "current-context: "
                + contexts.keySet().iterator().next() + "\n";
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@link #kubeconfigYaml} to the file (creating parent directories) and returns the file. */
    public Path writeKubeconfig(Path file, String contextName, String namespace) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, kubeconfigYaml(contextName, namespace), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a namespace if it does not exist yet (writes into a missing namespace fail, as in a cluster). */
    public void createNamespace(String name) {
        if (client().namespaces().withName(name).get() == null) {
            client().namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .endMetadata()
                            .build())
                    .create();
        }
    }

    /** Core v1 events in the namespace about the named object (any kind), oldest first. */
    public List<Event> events(String namespace, String involvedObjectName) {
        List<Event> events = new ArrayList<>(client().v1()
                .events()
                .inNamespace(namespace)
                .withField("involvedObject.name", involvedObjectName)
                .list()
                .getItems());
        events.sort((a, b) -> String.valueOf(a.getLastTimestamp()).compareTo(String.valueOf(b.getLastTimestamp())));
        return events;
    }

    /** Core v1 events of the namespace (any object), oldest first. */
    public List<Event> events(String namespace) {
        List<Event> events = new ArrayList<>(
                client().v1().events().inNamespace(namespace).list().getItems());
        events.sort((a, b) -> String.valueOf(a.getLastTimestamp()).compareTo(String.valueOf(b.getLastTimestamp())));
        return events;
    }

    /** Back to the default: the kubeconfig's user may do everything. */
    public void allowAll() {
        access.allowAll();
    }

    /** The kubeconfig's user may do nothing until {@link #allow} grants it. */
    public void denyAll() {
        access.denyAll();
    }

    /**
     * Grants the kubeconfig's user a verb on a resource; from the first grant on, only grants allow. Any
     * argument may be "*"; the core group is ""; a null namespace means every namespace. Applies to real
     * requests (403 Forbidden otherwise) and to SelfSubjectAccessReviews alike.
     *
     * @param resource the plural, e.g. "deployments", or with a subresource, "deployments/status"
     */
    public void allow(String verb, String group, String resource, String namespace) {
        access.allow(verb, group, resource, namespace);
    }

    /** Who the kubeconfig's user is, as SelfSubjectReview and Forbidden messages tell. */
    public void setUser(String username, String... groups) {
        List<String> all = new ArrayList<>(List.of(groups));
        if (!all.contains("system:authenticated")) {
            all.add("system:authenticated");
        }
        access.setUser(username, all);
    }

    /** Images containing this text make a rollout fail (default {@value #DEFAULT_FAILURE_MARKER}; empty: none). */
    public void setRolloutFailureMarker(String marker) {
        dispatcher.deploymentController().setFailureMarker(marker);
    }

    /** The image of a Deployment's first container, as {@code kubectl get deployment -o jsonpath} shows it. */
    public String image(String namespace, String deployment) {
        return client().apps()
                .deployments()
                .inNamespace(namespace)
                .withName(deployment)
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage();
    }

    /** How long the pods of a healthy rollout take to become ready (default zero: at once). */
    public void setRolloutReadyDelay(Duration delay) {
        dispatcher.deploymentController().setReadyDelay(delay);
    }

    /**
     * How long a failing rollout reports Progressing=True (ReplicaSetUpdated) before it turns to
     * Progressing=False (ProgressDeadlineExceeded). Zero, the default, fails at once.
     */
    public void setRolloutFailureDelay(Duration delay) {
        dispatcher.deploymentController().setProgressDeadline(delay);
    }

    @Override
    public void close() {
        if (name != null) {
            NAMED.remove(name, this);
        }
        synchronized (this) {
            if (client != null) {
                client.close();
            }
        }
        scheduler.shutdownNow();
        server.shutdown();
    }
}
