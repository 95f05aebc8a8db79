package dev.cicd.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Small helpers shared by the benchmarks: timed runs, medians, external commands. */
final class Timing {

    private Timing() {}

    /** Milliseconds per run of {@code task}, {@code runs} times. */
    static double[] time(int runs, Callable<?> task) throws Exception {
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            task.call();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static String describe(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format(
                Locale.ROOT,
                "median %.0f ms (min %.0f, max %.0f, n=%d)",
                median(millis),
                sorted[0],
                sorted[sorted.length - 1],
                millis.length);
    }

    /** Runs a command, failing when it fails; its output is discarded unless it fails. */
    static void run(Path directory, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(Arrays.asList(command));
        Process process = new ProcessBuilder(args)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(
                    String.join(" ", args) + " failed with " + exit + ":\n" + new String(output));
        }
    }
}
