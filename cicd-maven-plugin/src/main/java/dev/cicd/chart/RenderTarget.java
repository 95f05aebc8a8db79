package dev.cicd.chart;

import java.nio.file.Path;
import java.util.List;

/**
 * An environment the chart is rendered for: its name, the values files layered over the chart's
 * {@code values.yaml} in order, and the namespace the release goes to.
 */
public record RenderTarget(String environment, List<Path> valuesFiles, String namespace) {}
