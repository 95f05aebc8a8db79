package dev.cicd.context;

import dev.cicd.common.CicdException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which steps each stage runs. The defaults follow the seed: a feature branch gets fast feedback
 * (tests only), a pull request and the trunk also build and scan the runtime image and check the
 * chart, a release branch does everything up to push and deploy.
 */
public final class StagePolicy {

    private static final Map<Stage, Set<Step>> DEFAULTS = Map.of(
            Stage.FEATURE, EnumSet.of(Step.TEST),
            Stage.PR, EnumSet.of(Step.TEST, Step.IMAGE, Step.SCAN, Step.CHART),
            Stage.MAIN, EnumSet.of(Step.TEST, Step.IMAGE, Step.SCAN, Step.CHART),
            Stage.RELEASE, EnumSet.allOf(Step.class));

    private final Map<Stage, Set<Step>> steps;

    private StagePolicy(Map<Stage, Set<Step>> steps) {
        this.steps = steps;
    }

    public static StagePolicy defaults() {
        return new StagePolicy(new EnumMap<>(DEFAULTS));
    }

    /**
     * The defaults with some stages replaced, as written in the POM:
     * {@code <stageSteps><feature>test,image</feature></stageSteps>}.
     */
    public static StagePolicy withOverrides(Map<String, String> overrides) {
        Map<Stage, Set<Step>> steps = new EnumMap<>(DEFAULTS);
        if (overrides != null) {
            overrides.forEach((stageId, list) -> {
                Stage stage;
                try {
                    stage = Stage.fromId(stageId);
                } catch (IllegalArgumentException e) {
                    throw CicdException.project("<stageSteps> names an unknown stage '" + stageId
                            + "'; stages are feature, pr, main, release");
                }
                steps.put(stage, parseSteps(list, "<stageSteps><" + stageId + ">"));
            });
        }
        return new StagePolicy(steps);
    }

    /** Parses a comma-separated list such as {@code test,image}; an empty text means no step. */
    public static Set<Step> parseSteps(String list, String where) {
        if (list == null || list.isBlank() || list.trim().equals("none")) {
            return EnumSet.noneOf(Step.class);
        }
        try {
            return Arrays.stream(list.split(","))
                    .filter(s -> !s.isBlank())
                    .map(Step::fromId)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(Step.class)));
        } catch (IllegalArgumentException e) {
            throw CicdException.project(where + ": " + e.getMessage());
        }
    }

    public Set<Step> stepsFor(Stage stage) {
        return Collections.unmodifiableSet(steps.get(stage));
    }
}
