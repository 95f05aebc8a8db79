package dev.cicd.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import dev.cicd.testresults.TestResultCollector;
import dev.cicd.testresults.TestSummary;
import dev.cicd.testresults.TestVerdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The seed's "run tests in the test image" step: run the container with a results directory
 * mounted, collect every TRX and JUnit file it wrote, convert them to JUnit XML, and decide.
 */
public final class ContainerTests {

    private final DockerEngine engine;
    private final BuildLog log;

    public ContainerTests(DockerEngine engine, BuildLog log) {
        this.engine = engine;
        this.log = log;
    }

    /**
     * @param request the container to run; its results directory is emptied first
     * @param reportDirectory where the JUnit XML reports go
     */
    public TestSummary run(TestContainerRunner.Request request, Path reportDirectory) {
        try {
            engine.client().inspectImageCmd(request.image().toString()).exec();
        } catch (NotFoundException e) {
            throw CicdException.project("test image " + request.image() + " does not exist; build it first"
                    + " (cicd:build, bound to phase package, builds it when the stage runs tests)");
        }
        prepareResultsDirectory(request.resultsDirectory());
        log.info("running tests in " + request.image() + " (network " + request.networkMode() + ", results "
                + request.containerResultsPath() + ")");
        TestContainerRunner.Outcome outcome = new TestContainerRunner(engine, log).run(request);
        TestResultCollector.Collected collected =
                new TestResultCollector(log).collect(request.resultsDirectory(), reportDirectory);
        return TestVerdict.decide(
                outcome.exitCode(),
                outcome.timedOut(),
                outcome.millis() / 1000.0,
                collected,
                request.resultsDirectory(),
                request.containerResultsPath());
    }

    /**
     * Empties the directory and opens it to every user: the test stage may run as a non-root user
     * whose uid does not exist on this machine.
     */
    private static void prepareResultsDirectory(Path directory) {
        try {
            if (Files.exists(directory)) {
                try (Stream<Path> paths = Files.walk(directory)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        if (!path.equals(directory)) {
                            Files.delete(path);
                        }
                    }
                }
            }
            Files.createDirectories(directory);
            try {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
            } catch (UnsupportedOperationException notPosix) {
                // Docker Desktop on Windows maps permissions itself.
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + directory, e);
        }
    }
}
