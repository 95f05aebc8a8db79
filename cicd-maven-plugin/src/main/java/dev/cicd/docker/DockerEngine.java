package dev.cicd.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.cicd.common.CicdException;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/**
 * A connection to a Docker engine, found the way the {@code docker} CLI finds it: {@code DOCKER_HOST}
 * (and {@code DOCKER_TLS_VERIFY}, {@code DOCKER_CERT_PATH}), else the default socket.
 */
public final class DockerEngine implements Closeable {

    private final DockerClient client;
    private final String host;

    private DockerEngine(DockerClient client, String host) {
        this.client = client;
        this.host = host;
    }

    /** Connects and checks that the engine answers; fails with how to start one when it does not. */
    public static DockerEngine connect() {
        DockerClientConfig config =
                DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(32)
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
        DockerEngine engine = new DockerEngine(
                DockerClientImpl.getInstance(config, http),
                config.getDockerHost().toString());
        engine.ping();
        return engine;
    }

    private void ping() {
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            close();
            throw CicdException.environment(
                    "No Docker engine answers at " + host + " (" + rootMessage(e) + ")."
                            + " Start one (for example 'sudo systemctl start docker', or"
                            + " 'sudo dockerd --bridge=none --iptables=false --ip-masq=false &' where no service manager runs),"
                            + " or point DOCKER_HOST at a running engine.",
                    rootCause(e));
        }
    }

    public DockerClient client() {
        return client;
    }

    public String host() {
        return host;
    }

    /**
     * The innermost cause: docker-java wraps transport errors in exceptions whose message repeats the
     * class name, which Maven would print again after ours.
     */
    static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    static String rootMessage(Throwable e) {
        Throwable root = rootCause(e);
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.trim();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // Nothing useful to do: the connection pool is going away with the build.
        }
    }
}
