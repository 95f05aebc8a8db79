package dev.cicd.docker;

import java.nio.file.Path;
import java.util.Map;

/**
 * One {@code docker build}: the context directory, the Dockerfile, the stage to stop at (null for
 * the last), build arguments, labels, the tag, and the network the {@code RUN} steps get.
 */
public record BuildRequest(
        Path contextDirectory,
        Path dockerfile,
        String target,
        Map<String, String> buildArgs,
        Map<String, String> labels,
        ImageReference tag,
        String networkMode,
        boolean noCache) {}
