package dev.cicd.maven;

import dev.cicd.common.BuildLog;
import org.apache.maven.plugin.logging.Log;

/** Maven's log behind the services' {@link BuildLog}. */
final class MavenBuildLog implements BuildLog {

    private final Log log;
    private final boolean interactive;
    private volatile String lastStep;

    MavenBuildLog(Log log, boolean interactive) {
        this.log = log;
        this.interactive = interactive;
    }

    @Override
    public void info(String message) {
        lastStep = message;
        log.info(message);
    }

    @Override
    public void warn(String message) {
        log.warn(message);
    }

    @Override
    public void error(String message) {
        log.error(message);
    }

    @Override
    public void debug(String message) {
        log.debug(message);
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }

    @Override
    public boolean isInteractive() {
        return interactive;
    }

    /** The last line the goal reported: where it was when something unexpected stopped it. */
    String lastStep() {
        return lastStep;
    }
}
