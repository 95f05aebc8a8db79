package dev.cicd.chart;

import dev.cicd.common.CicdException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** What the pipeline reads from a chart's {@code Chart.yaml}: name, versions and dependencies. */
public record ChartDescription(String name, String version, String appVersion, List<Map<String, Object>> dependencies) {

    public static ChartDescription read(Path chartDirectory) {
        Path chartYaml = chartDirectory.resolve("Chart.yaml");
        if (!Files.isRegularFile(chartYaml)) {
            throw CicdException.project(
                    "no Helm chart at " + chartDirectory + " (no Chart.yaml); put the service's chart"
                            + " there (helm create) or set <chart> / -Dcicd.chart");
        }
        Map<String, Object> yaml = load(chartYaml);
        Object name = yaml.get("name");
        if (!(name instanceof String) || ((String) name).isBlank()) {
            throw CicdException.project(chartYaml + " has no name");
        }
        Object dependencies = yaml.get("dependencies");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = dependencies instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
        return new ChartDescription(
                (String) name,
                String.valueOf(yaml.get("version")),
                yaml.get("appVersion") == null ? null : String.valueOf(yaml.get("appVersion")),
                list);
    }

    static Map<String, Object> load(Path yamlFile) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        try (Reader reader = Files.newBufferedReader(yamlFile)) {
            Object loaded = new Yaml(new SafeConstructor(options)).load(reader);
            if (!(loaded instanceof Map<?, ?>)) {
                throw CicdException.project(yamlFile + " is not a YAML map");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) loaded;
            return map;
        } catch (IOException e) {
            throw CicdException.project("could not read " + yamlFile + ": " + e.getMessage());
        } catch (YAMLException e) {
            throw CicdException.project(yamlFile + " is not valid YAML: " + e.getMessage());
        }
    }
}
