package dev.cicd.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds one target of a Dockerfile through the engine's API, streaming the engine's output into
 * the build log line by line, and tells a failing Dockerfile step (the user's to fix) apart from an
 * engine that cannot be reached.
 */
public final class ImageBuilder {

    /** The result: the image id the engine reports for the tag, and how long the build took. */
    public record BuiltImage(ImageReference reference, String target, String imageId, long millis) {}

    private static final Pattern STEP_LINE = Pattern.compile("^Step \\d+/\\d+ : .*");
    private static final int STEP_OUTPUT_LINES = 40;

    private final DockerEngine engine;
    private final BuildLog log;

    public ImageBuilder(DockerEngine engine, BuildLog log) {
        this.engine = engine;
        this.log = log;
    }

    public BuiltImage build(BuildRequest request) {
        ImageReference tag = request.tag().requireVersionTag();
        long start = System.nanoTime();
        BuildOutput output = new BuildOutput(log);
        InputStream contextStream = BuildContext.stream(request.contextDirectory(), request.dockerfile());
        String dockerfilePath = request.contextDirectory()
                .toAbsolutePath()
                .normalize()
                .relativize(request.dockerfile().toAbsolutePath().normalize())
                .toString()
                .replace('\\', '/');
        BuildImageCmd command = engine.client()
                .buildImageCmd(contextStream)
                .withDockerfilePath(dockerfilePath)
                .withTags(Set.of(tag.toString()))
                .withPull(false)
                .withRemove(true)
                .withForcerm(true)
                .withNoCache(request.noCache());
        if (request.target() != null) {
            command.withTarget(request.target());
        }
        if (request.networkMode() != null && !request.networkMode().isBlank()) {
            command.withNetworkMode(request.networkMode());
        }
        request.buildArgs().forEach(command::withBuildArg);
        if (!request.labels().isEmpty()) {
            command.withLabels(request.labels());
        }
        try {
            command.exec(output).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CicdException.environment("interrupted while building " + tag, e);
        } catch (RuntimeException e) {
            if (output.error == null) {
                throw CicdException.environment(
                        "could not build image " + tag + ": the Docker engine at " + engine.host() + " failed: "
                                + DockerEngine.rootMessage(e),
                        e);
            }
        } finally {
            output.flush();
            try {
                contextStream.close();
            } catch (IOException ignored) {
                // the pipe's writer stops when its reader is gone
            }
        }
        if (output.error != null) {
            throw CicdException.project(output.failureMessage(tag, request.target()));
        }
        String imageId = engine.client().inspectImageCmd(tag.toString()).exec().getId();
        return new BuiltImage(tag, request.target(), imageId, (System.nanoTime() - start) / 1_000_000);
    }

    /** Collects the engine's stream into lines and remembers the output of the current step. */
    private static final class BuildOutput extends ResultCallback.Adapter<BuildResponseItem> {
        private final BuildLog log;
        private final StringBuilder partial = new StringBuilder();
        private final Deque<String> stepOutput = new ArrayDeque<>();
        private String step;
        private volatile String error;

        BuildOutput(BuildLog log) {
            this.log = log;
        }

        @Override
        public void onNext(BuildResponseItem item) {
            if (item.getStream() != null) {
                partial.append(item.getStream());
                int newline;
                while ((newline = partial.indexOf("\n")) >= 0) {
                    line(partial.substring(0, newline));
                    partial.delete(0, newline + 1);
                }
            }
            if (item.isErrorIndicated()) {
                flush();
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage()
                        : item.getError();
            }
        }

        void flush() {
            if (partial.length() > 0) {
                line(partial.toString());
                partial.setLength(0);
            }
        }

        private void line(String raw) {
            String line = raw.stripTrailing();
            if (line.isEmpty()) {
                return;
            }
            log.info("  | " + line);
            if (STEP_LINE.matcher(line).matches()) {
                step = line;
                stepOutput.clear();
            } else {
                if (stepOutput.size() == STEP_OUTPUT_LINES) {
                    stepOutput.removeFirst();
                }
                stepOutput.addLast(line);
            }
        }

        String failureMessage(ImageReference tag, String target) {
            StringBuilder message = new StringBuilder("could not build image ").append(tag);
            if (target != null) {
                message.append(" (target ").append(target).append(')');
            }
            message.append(": ");
            if (step != null) {
                message.append('\'').append(step).append("' failed: ");
            }
            message.append(error == null ? "" : error.trim());
            if (!stepOutput.isEmpty()) {
                message.append(System.lineSeparator()).append("Output of that step:");
                stepOutput.forEach(l ->
                        message.append(System.lineSeparator()).append("    ").append(l));
            }
            return message.toString();
        }
    }
}
