package dev.cicd.changes;

import dev.cicd.common.CicdException;
import dev.cicd.context.CiInfo;
import dev.cicd.context.CiSystem;
import java.util.Locale;

/** Whether change detection runs: always, never, or (auto) in CI builds only. */
public enum ChangeMode {
    AUTO,
    ON,
    OFF;

    /** Parses {@code -Dcicd.changes}: auto, true/on, false/off; empty means auto. */
    public static ChangeMode parse(String text) {
        if (text == null || text.isBlank()) {
            return AUTO;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "true", "on" -> ON;
            case "false", "off" -> OFF;
            default ->
                throw CicdException.project(
                        "cicd.changes=" + text.trim() + " is not one of auto, true, false (-Dcicd.changes=auto)");
        };
    }

    /** In auto mode a developer's local build runs everything; CI builds skip unaffected services. */
    public boolean enabledFor(CiInfo ci) {
        return this == ON || this == AUTO && ci.system() != CiSystem.LOCAL;
    }
}
