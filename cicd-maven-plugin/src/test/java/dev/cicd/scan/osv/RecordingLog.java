package dev.cicd.scan.osv;

import dev.cicd.common.BuildLog;
import java.util.ArrayList;
import java.util.List;

final class RecordingLog implements BuildLog {
    final List<String> warnings = new ArrayList<>();
    final List<String> infos = new ArrayList<>();

    @Override
    public void info(String message) {
        infos.add(message);
    }

    @Override
    public void warn(String message) {
        warnings.add(message);
    }

    @Override
    public void error(String message) {
        warnings.add(message);
    }

    @Override
    public void debug(String message) {}
}
