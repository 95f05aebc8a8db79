package dev.cicd.changes;

import java.util.List;

/**
 * Whether a module must be built and why.
 *
 * @param moduleId the module's {@link ModuleInfo#id}
 * @param affected whether it must be built
 * @param reason one line for the build log: the changed files with their count, {@code depends on <id>
 *     (changed: ...)}, {@code everything: <reason>}, or why it is not affected
 * @param triggers the changed files that made it affected (its own, or those of the modules it depends
 *     on), at most {@link ChangeDetector#MAX_TRIGGERS}; the reason gives the full count
 */
public record Affected(String moduleId, boolean affected, String reason, List<String> triggers) {

    public Affected {
        triggers = triggers == null ? List.of() : List.copyOf(triggers);
    }
}
