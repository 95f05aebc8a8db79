package dev.cicd.bench;

import dev.cicd.common.BuildLog;
import dev.cicd.testresults.TestResultCollector;
import dev.cicd.testresults.TrxGenerator;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Converts a generated TRX file with 100,000 results into JUnit XML and prints the time and the
 * peak heap. Run it with a small -Xmx to show that memory stays bounded.
 *
 * Usage: TrxBenchmark [results] [work directory]
 */
public final class TrxBenchmark {

    public static void main(String[] args) throws Exception {
        int results = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("trx-bench");
        Path input = Files.createDirectories(work.resolve("results"));
        Path trx = input.resolve("big.trx");
        try (Writer out = Files.newBufferedWriter(trx)) {
            TrxGenerator.write(out, results, 10);
        }
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long baseline = heapUsed();
        long start = System.nanoTime();
        TestResultCollector.Collected collected =
                new TestResultCollector(BuildLog.silent()).collect(input, work.resolve("reports"));
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(
                Locale.ROOT,
                "TRX to JUnit: %d results (%.1f MB TRX) converted in %.2f s%n",
                collected.tests(),
                Files.size(trx) / 1e6,
                seconds);
        System.out.printf(
                Locale.ROOT,
                "  peak heap %.1f MB (before: %.1f MB), max heap %.0f MB%n",
                peak / 1e6,
                baseline / 1e6,
                Runtime.getRuntime().maxMemory() / 1e6);
        System.out.printf(
                Locale.ROOT,
                "  %d failing, report %.1f MB%n",
                collected.failures(),
                Files.size(collected.reports().get(0)) / 1e6);
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
