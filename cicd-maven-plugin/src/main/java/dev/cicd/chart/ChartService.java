package dev.cicd.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import dev.cicd.common.BuildLog;
import dev.cicd.common.CicdException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart steps of the pipeline, through Helm itself (helm-java): dependencies from
 * {@code Chart.lock}, lint, render per environment, and package with chart version = app version.
 */
public final class ChartService {

    /** Where Helm names a template and line: {@code template: delivery/templates/deployment.yaml:12:20: ...}. */
    private static final Pattern TEMPLATE_POSITION = Pattern.compile("template: ([^:\\s]+):(\\d+)(?::(\\d+))?");
    /** YAML errors after rendering: {@code YAML parse error on delivery/templates/x.yaml: ... line 7: ...}. */
    private static final Pattern YAML_POSITION = Pattern.compile("(?:parse error|error) on ([^:\\s]+):.*?line (\\d+)");

    private final Path chartDirectory;
    private final Path workDirectory;
    private final BuildLog log;

    /**
     * @param chartDirectory the chart's source directory (holding Chart.yaml)
     * @param workDirectory where rendered manifests, the packaging copy and the archive go
     */
    public ChartService(Path chartDirectory, Path workDirectory, BuildLog log) {
        this.chartDirectory = chartDirectory.toAbsolutePath().normalize();
        this.workDirectory = workDirectory.toAbsolutePath().normalize();
        this.log = log;
    }

    public ChartDescription describe() {
        return ChartDescription.read(chartDirectory);
    }

    /**
     * Builds the chart's dependencies from {@code Chart.lock}, as {@code helm dependency build} does.
     * A chart with dependencies but no lock, or a lock that no longer matches Chart.yaml, fails:
     * the lock is what makes the chart's content reproducible.
     */
    public void buildDependencies() {
        ChartDescription chart = describe();
        if (chart.dependencies().isEmpty()) {
            return;
        }
        String fix = "run: helm dependency update " + chartDirectory + " and commit Chart.lock";
        if (!Files.isRegularFile(chartDirectory.resolve("Chart.lock"))) {
            throw CicdException.project("chart " + chart.name() + " declares "
                    + chart.dependencies().size() + " dependencies but has no Chart.lock; " + fix);
        }
        try {
            String output = new Helm(chartDirectory).dependency().build().call();
            output.lines().filter(l -> !l.isBlank()).forEach(l -> log.info("  | " + l));
        } catch (IllegalStateException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("out of sync")) {
                throw CicdException.project(
                        "Chart.lock of chart " + chart.name() + " is out of sync with Chart.yaml; " + fix);
            }
            throw CicdException.project(
                    "helm dependency build failed for chart " + chart.name() + ": " + message.trim());
        }
    }

    /** Runs {@code helm lint}, showing Helm's messages as they are; fails when Helm says the chart fails. */
    public void lint(boolean strict) {
        var lint = new Helm(chartDirectory).lint();
        if (strict) {
            lint.strict();
        }
        LintResult result;
        try {
            result = lint.call();
        } catch (IllegalStateException e) {
            throw CicdException.project("helm lint could not run on " + chartDirectory + ": " + e.getMessage());
        }
        for (String message : result.getMessages()) {
            if (message.startsWith("[ERROR]") || message.startsWith("[WARNING]")) {
                log.warn("  | " + message);
            } else {
                log.info("  | " + message);
            }
        }
        if (result.isFailed()) {
            throw CicdException.project("helm lint" + (strict ? " --strict" : "") + " failed for " + chartDirectory
                    + " (see the messages above)");
        }
    }

    /**
     * Renders the chart as {@code helm template} does, for one environment, with the pipeline's values
     * layered over the environment's values files; writes {@code rendered/<environment>.yaml}.
     */
    public Path render(RenderTarget target, String releaseName, PipelineValues values) {
        Path valuesFile = writeValuesFile(target.environment(), values);
        TemplateCommand template = new Helm(chartDirectory)
                .template()
                .withName(releaseName)
                .withNamespace(target.namespace() == null ? "default" : target.namespace());
        for (Path file : target.valuesFiles()) {
            if (!Files.isRegularFile(file)) {
                throw CicdException.project(
                        "values file " + file + " of environment " + target.environment() + " does not exist");
            }
            template.withValuesFile(file);
        }
        template.withValuesFile(valuesFile);
        String manifests;
        try {
            manifests = template.call();
        } catch (IllegalStateException e) {
            throw renderFailure(target.environment(), e.getMessage());
        }
        Path rendered = workDirectory.resolve("rendered").resolve(target.environment() + ".yaml");
        write(rendered, manifests);
        return rendered;
    }

    CicdException renderFailure(String environment, String helmMessage) {
        String message = helmMessage == null ? "" : helmMessage.trim();
        Matcher template = TEMPLATE_POSITION.matcher(message);
        Matcher yaml = YAML_POSITION.matcher(message);
        String where = "";
        if (template.find()) {
            where = " in " + template.group(1) + " line " + template.group(2);
        } else if (yaml.find()) {
            where = " in " + yaml.group(1) + " line " + yaml.group(2);
        }
        return CicdException.project(
                "the chart does not render for environment " + environment + where + ": " + message);
    }

    /**
     * Packages the chart with chart version {@code chartVersion} and appVersion {@code appVersion}
     * (the seed's one version for chart and app). helm-java's package command cannot override
     * versions, so a copy with a rewritten Chart.yaml is packaged; the source stays untouched. The
     * archive is made reproducible (fixed times and owners), so the same chart content always has
     * the same digest.
     */
    public Path packageChart(String chartVersion, String appVersion, Instant created) {
        ChartDescription chart = describe();
        Path copy = workDirectory.resolve("package").resolve(chart.name());
        deleteRecursively(copy);
        copyRecursively(chartDirectory, copy);
        Map<String, Object> chartYaml = new LinkedHashMap<>(ChartDescription.load(copy.resolve("Chart.yaml")));
        chartYaml.put("version", chartVersion);
        chartYaml.put("appVersion", appVersion);
        DumperOptions dump = new DumperOptions();
        dump.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dump.setIndent(2);
        try (Writer writer = Files.newBufferedWriter(copy.resolve("Chart.yaml"))) {
            new Yaml(dump).dump(chartYaml, writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path archive = workDirectory.resolve(chart.name() + "-" + chartVersion + ".tgz");
        try {
            Files.deleteIfExists(archive);
            new Helm(copy).packageIt().withDestination(workDirectory).call();
        } catch (IllegalStateException e) {
            throw CicdException.project("helm package failed for chart " + chart.name() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.isRegularFile(archive)) {
            throw CicdException.environment("helm package did not write " + archive);
        }
        ReproducibleArchive.normalise(archive, created);
        return archive;
    }

    private Path writeValuesFile(String name, PipelineValues values) {
        Path file = workDirectory.resolve("values").resolve("pipeline-" + name + ".yaml");
        Map<String, Object> tree = values.asValues();
        DumperOptions dump = new DumperOptions();
        dump.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        write(
                file,
                "# Values the cicd pipeline sets; they override the chart's values files.\n"
                        + new Yaml(dump).dump(tree));
        return file;
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static void copyRecursively(Path from, Path to) {
        try {
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy the chart to " + to, e);
        }
    }

    static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + path, e);
        }
    }
}
