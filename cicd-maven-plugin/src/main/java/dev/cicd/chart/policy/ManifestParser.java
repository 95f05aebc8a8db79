package dev.cicd.chart.policy;

import dev.cicd.common.CicdException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads the multi-document YAML that {@code helm template} prints into Kubernetes resources.
 *
 * <p>The values behind a chart come from people and CI variables, so the text is read defensively:
 * only standard YAML types (no tags that build Java objects), few aliases (an alias bomb would
 * otherwise expand into gigabytes), and no duplicate keys, which Helm refuses too and which would
 * let a later key silently override a checked one.
 */
final class ManifestParser {

    static final int MAX_ALIASES = 50;
    private static final int MAX_LIST_NESTING = 4;
    private static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

    /** A resource in the rendered output; {@code body} is the document (or List item) as read. */
    record Resource(String kind, String name, Map<?, ?> body) {}

    private ManifestParser() {}

    static List<Resource> parse(String environment, String rendered) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(MAX_CODE_POINTS);
        DumperOptions dumper = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new Resolver());

        List<Resource> resources = new ArrayList<>();
        Iterator<Object> documents =
                yaml.loadAll(new StringReader(rendered == null ? "" : rendered)).iterator();
        while (true) {
            Object document;
            try {
                if (!documents.hasNext()) {
                    break;
                }
                document = documents.next();
            } catch (MarkedYAMLException e) {
                throw syntaxError(environment, rendered, e);
            } catch (YAMLException e) {
                String hint = String.valueOf(e.getMessage()).contains("aliases")
                        ? " (at most " + MAX_ALIASES + " YAML aliases are accepted; write the repeated parts out)"
                        : "";
                throw CicdException.project(where(environment) + " could not be read: " + e.getMessage() + hint);
            }
            collect(document, null, 0, resources);
        }
        return resources;
    }

    private static void collect(Object document, String itemKind, int nesting, List<Resource> resources) {
        if (!(document instanceof Map<?, ?> map)) {
            return;
        }
        String kind = text(map.get("kind"));
        if (kind == null) {
            // Items of a typed list (DeploymentList) leave out their kind, as the API server does.
            kind = itemKind;
        }
        if (kind == null) {
            return;
        }
        if (map.get("items") instanceof List<?> items && kind.endsWith("List")) {
            if (nesting >= MAX_LIST_NESTING) {
                throw CicdException.project("the rendered chart nests List resources more than " + MAX_LIST_NESTING
                        + " deep; flatten them into separate documents");
            }
            String elementKind = kind.equals("List") ? null : kind.substring(0, kind.length() - "List".length());
            for (Object item : items) {
                collect(item, elementKind, nesting + 1, resources);
            }
            return;
        }
        String name = map.get("metadata") instanceof Map<?, ?> metadata ? text(metadata.get("name")) : null;
        resources.add(new Resource(kind, name == null ? "(unnamed)" : name, map));
    }

    private static CicdException syntaxError(String environment, String rendered, MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        StringBuilder message = new StringBuilder(where(environment)).append(" is not valid YAML");
        if (mark != null) {
            message.append(" at line ")
                    .append(mark.getLine() + 1)
                    .append(", column ")
                    .append(mark.getColumn() + 1);
            String source = sourceBefore(rendered, mark.getLine());
            if (source != null) {
                message.append(" (").append(source).append(')');
            }
        }
        String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
        if (problem != null) {
            message.append(": ").append(problem);
        }
        message.append("; check the template and the values it renders");
        return CicdException.project(message.toString());
    }

    /** The template Helm names in the last {@code # Source:} comment before the line, if any. */
    private static String sourceBefore(String rendered, int zeroBasedLine) {
        String[] lines = rendered.split("\r?\n", -1);
        for (int i = Math.min(zeroBasedLine, lines.length - 1); i >= 0; i--) {
            String line = lines[i].trim();
            if (line.startsWith("# Source:")) {
                return line.substring("# Source:".length()).trim();
            }
        }
        return null;
    }

    private static String where(String environment) {
        return environment == null ? "the rendered chart" : "the chart rendered for environment '" + environment + "'";
    }

    static String text(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        return text.isEmpty() ? null : text;
    }
}
