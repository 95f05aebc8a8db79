package dev.cicd.common;

/**
 * Where pipeline services report what they do. The Maven goals map it to Maven's log; tests and
 * benchmarks use {@link #silent()} or a collecting implementation.
 */
public interface BuildLog {

    void info(String message);

    void warn(String message);

    void error(String message);

    void debug(String message);

    default boolean isDebugEnabled() {
        return false;
    }

    /** Whether output goes to a person at a terminal rather than to a CI log (Maven's batch mode). */
    default boolean isInteractive() {
        return false;
    }

    /** Lines of a report: as information when what they report passed, as warnings when it did not. */
    default void report(boolean passed, java.util.List<String> lines) {
        for (String line : lines) {
            if (passed) {
                info(line);
            } else {
                warn(line);
            }
        }
    }

    static BuildLog silent() {
        return new BuildLog() {
            @Override
            public void info(String message) {}

            @Override
            public void warn(String message) {}

            @Override
            public void error(String message) {}

            @Override
            public void debug(String message) {}
        };
    }
}
