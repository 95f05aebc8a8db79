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

    /** Writes every line to standard error; used by benchmarks and command-line helpers. */
    static BuildLog console() {
        return new BuildLog() {
            @Override
            public void info(String message) {
                System.err.println("[INFO] " + message);
            }

            @Override
            public void warn(String message) {
                System.err.println("[WARN] " + message);
            }

            @Override
            public void error(String message) {
                System.err.println("[ERROR] " + message);
            }

            @Override
            public void debug(String message) {}
        };
    }
}
