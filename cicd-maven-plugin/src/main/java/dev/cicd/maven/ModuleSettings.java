package dev.cicd.maven;

import dev.cicd.changes.ChangeMode;
import dev.cicd.context.ContextResolver;
import java.util.List;

/**
 * The pipeline settings of one module, as its goals' parameters give them: what decides its
 * context (service, registry, branch, version, steps) and what its change detection reads. Goals
 * take their own from their fields; {@code cicd:plan} and change detection read other modules'
 * through {@link ReactorSettings}, so both see exactly what the goals see.
 */
record ModuleSettings(
        ContextResolver.Settings context,
        ChangeMode changes,
        String changesSince,
        List<String> triggerPaths,
        List<String> triggerExcludes) {}
