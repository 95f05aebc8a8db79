package dev.cicd.context;

import java.util.Locale;

/** A piece of pipeline work that a stage can switch on or off. */
public enum Step {
    /** Build the Dockerfile's test stage and run the tests in it. */
    TEST,
    /** Build the runtime image. */
    IMAGE,
    /** Scan the runtime image for known vulnerabilities. */
    SCAN,
    /** Lint, render, policy-check and package the Helm chart. */
    CHART,
    /** Push image and chart to the registry. */
    PUSH,
    /** Deploy to a non-production environment. */
    DEPLOY;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Step fromId(String id) {
        try {
            return valueOf(id.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown step '" + id.trim() + "'; steps are test, image, scan, chart, push, deploy");
        }
    }
}
