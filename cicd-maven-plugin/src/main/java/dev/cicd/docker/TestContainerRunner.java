package dev.cicd.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Volume;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test image the way the seed does ({@code docker run} with a results volume): no network
 * by default, the container's output streamed into the build log, a time limit, and the container
 * removed afterwards whatever happens, even when the build is aborted.
 */
public final class TestContainerRunner {

    /**
     * What to run.
     *
     * @param image the test image
     * @param resultsDirectory the host directory mounted at {@code containerResultsPath}
     * @param containerResultsPath where the tests write their results inside the container
     * @param networkMode the container network, {@code none} unless tests need more
     * @param environment extra environment variables
     * @param timeout how long the tests may run
     */
    public record Request(
            ImageReference image,
            Path resultsDirectory,
            String containerResultsPath,
            String networkMode,
            Map<String, String> environment,
            Duration timeout) {}

    /** How the run ended: the exit code (null when timed out) and the time taken. */
    public record Outcome(Integer exitCode, boolean timedOut, long millis) {}

    private final DockerEngine engine;
    private final BuildLog log;

    public TestContainerRunner(DockerEngine engine, BuildLog log) {
        this.engine = engine;
        this.log = log;
    }

    public Outcome run(Request request) {
        DockerClient client = engine.client();
        long start = System.nanoTime();
        String containerId = client.createContainerCmd(request.image().toString())
                .withLabels(Map.of("dev.cicd.role", "testrunner"))
                .withEnv(request.environment().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList())
                .withHostConfig(HostConfig.newHostConfig()
                        .withNetworkMode(request.networkMode())
                        .withBinds(List.of(new Bind(
                                request.resultsDirectory().toAbsolutePath().toString(),
                                new Volume(request.containerResultsPath())))))
                .exec()
                .getId();
        Thread cleanup = new Thread(() -> remove(containerId), "cicd-remove-test-container");
        Runtime.getRuntime().addShutdownHook(cleanup);
        LogLines output = new LogLines(log);
        try {
            client.startContainerCmd(containerId).exec();
            client.logContainerCmd(containerId)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withFollowStream(true)
                    .exec(output);
            WaitContainerResultCallback waiting =
                    client.waitContainerCmd(containerId).exec(new WaitContainerResultCallback());
            Integer exitCode;
            try {
                exitCode = waiting.awaitStatusCode(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (DockerClientException timeout) {
                log.warn("tests still running after " + request.timeout().toSeconds() + " s; stopping the container");
                killQuietly(containerId);
                return new Outcome(null, true, elapsed(start));
            }
            output.awaitEnd();
            return new Outcome(exitCode, false, elapsed(start));
        } catch (RuntimeException e) {
            throw CicdException.environment(
                    "could not run test image " + request.image() + ": " + DockerEngine.rootMessage(e), e);
        } finally {
            output.flush();
            remove(containerId);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs anyway; nothing to undo.
            }
        }
    }

    private void killQuietly(String containerId) {
        try {
            engine.client().killContainerCmd(containerId).exec();
        } catch (RuntimeException alreadyStopped) {
            log.debug("kill " + containerId + ": " + alreadyStopped.getMessage());
        }
    }

    private void remove(String containerId) {
        try {
            engine.client()
                    .removeContainerCmd(containerId)
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
        } catch (NotFoundException gone) {
            // Removed already.
        } catch (RuntimeException e) {
            log.warn("could not remove test container " + containerId + ": " + e.getMessage());
        }
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Splits the container's byte stream into lines per stream, keeping multi-byte characters whole. */
    private static final class LogLines extends ResultCallback.Adapter<Frame> {
        private final BuildLog log;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        LogLines(BuildLog log) {
            this.log = log;
        }

        @Override
        public synchronized void onNext(Frame frame) {
            ByteArrayOutputStream buffer = frame.getStreamType() == StreamType.STDERR ? err : out;
            for (byte b : frame.getPayload()) {
                if (b == '\n') {
                    emit(buffer);
                } else {
                    buffer.write(b);
                }
            }
        }

        void awaitEnd() {
            try {
                awaitCompletion(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized void flush() {
            emit(out);
            emit(err);
        }

        private void emit(ByteArrayOutputStream buffer) {
            if (buffer.size() > 0) {
                log.info("  | " + buffer.toString(StandardCharsets.UTF_8).stripTrailing());
                buffer.reset();
            }
        }
    }
}
