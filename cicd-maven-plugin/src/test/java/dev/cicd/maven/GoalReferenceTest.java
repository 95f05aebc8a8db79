package dev.cicd.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * docs/goals.md is generated from the plugin descriptor (what {@code mvn cicd:help -Ddetail} prints),
 * so the reference cannot drift from the code. When a goal or parameter changes this test fails;
 * regenerate with {@code mvn -pl cicd-maven-plugin test -Dtest=GoalReferenceTest -Ddocs.update}.
 */
class GoalReferenceTest {

    private static final Path DESCRIPTOR = Path.of("target/classes/META-INF/maven/plugin.xml");
    private static final Path REFERENCE = Path.of("../docs/goals.md");

    @Test
    void docsGoalsMatchesThePluginDescriptor() throws Exception {
        String generated = generate();
        if (System.getProperty("docs.update") != null) {
            Files.writeString(REFERENCE, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(REFERENCE) ? Files.readString(REFERENCE, StandardCharsets.UTF_8) : "")
                .as(
                        "docs/goals.md is out of date; regenerate it: mvn -pl cicd-maven-plugin test -Dtest=GoalReferenceTest -Ddocs.update")
                .isEqualTo(generated);
    }

    static String generate() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document descriptor = factory.newDocumentBuilder().parse(DESCRIPTOR.toFile());
        StringBuilder doc = new StringBuilder();
        doc.append("# Goals and parameters\n\n")
                .append(
                        "Generated from the plugin descriptor by `GoalReferenceTest`; `mvn cicd:help -Ddetail` prints the same.\n")
                .append(
                        "Properties are given on the command line as `-D<property>=<value>`; parameters without a property are set in the POM's `<configuration>`.\n\n");
        Map<String, Element> mojos = new TreeMap<>();
        NodeList list = descriptor.getElementsByTagName("mojo");
        for (int i = 0; i < list.getLength(); i++) {
            Element mojo = (Element) list.item(i);
            mojos.put(text(mojo, "goal"), mojo);
        }
        doc.append("| goal | phase | what it does |\n|---|---|---|\n");
        for (Map.Entry<String, Element> entry : mojos.entrySet()) {
            doc.append("| [`cicd:")
                    .append(entry.getKey())
                    .append("`](#cicd")
                    .append(entry.getKey())
                    .append(") | ")
                    .append(orDash(text(entry.getValue(), "phase")))
                    .append(" | ")
                    .append(firstSentence(text(entry.getValue(), "description")))
                    .append(" |\n");
        }
        for (Map.Entry<String, Element> entry : mojos.entrySet()) {
            Element mojo = entry.getValue();
            doc.append("\n## cicd:")
                    .append(entry.getKey())
                    .append("\n\n")
                    .append(text(mojo, "description"))
                    .append("\n\n");
            Map<String, String[]> configuration = configuration(mojo);
            List<String[]> rows = new ArrayList<>();
            NodeList parameters =
                    ((Element) mojo.getElementsByTagName("parameters").item(0)).getElementsByTagName("parameter");
            for (int i = 0; i < parameters.getLength(); i++) {
                Element parameter = (Element) parameters.item(i);
                if ("false".equals(text(parameter, "editable"))) {
                    continue;
                }
                String name = text(parameter, "name");
                String[] config = configuration.getOrDefault(name, new String[] {null, null});
                rows.add(new String[] {
                    name,
                    config[0] == null ? "" : "`" + config[0] + "`",
                    config[1] == null ? "" : "`" + config[1] + "`",
                    text(parameter, "description")
                });
            }
            if (rows.isEmpty()) {
                continue;
            }
            doc.append("| parameter | property | default | description |\n|---|---|---|---|\n");
            for (String[] row : rows) {
                doc.append("| `")
                        .append(row[0])
                        .append("` | ")
                        .append(row[1])
                        .append(" | ")
                        .append(row[2])
                        .append(" | ")
                        .append(row[3].replace("|", "\\|").replace("\n", " "))
                        .append(" |\n");
            }
        }
        return doc.toString();
    }

    /** Parameter name to {property, default} from the mojo's configuration section. */
    private static Map<String, String[]> configuration(Element mojo) {
        Map<String, String[]> result = new TreeMap<>();
        NodeList configurations = mojo.getElementsByTagName("configuration");
        if (configurations.getLength() == 0) {
            return result;
        }
        NodeList children = configurations.item(0).getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i).getNodeType() != Node.ELEMENT_NODE) {
                continue;
            }
            Element element = (Element) children.item(i);
            String expression = element.getTextContent().trim();
            String property = expression.startsWith("${")
                            && expression.endsWith("}")
                            && !expression.startsWith("${project")
                            && !expression.startsWith("${session")
                            && !expression.startsWith("${settings")
                    ? expression.substring(2, expression.length() - 1)
                    : null;
            String defaultValue = element.hasAttribute("default-value") ? element.getAttribute("default-value") : null;
            result.put(element.getTagName(), new String[] {property, defaultValue});
        }
        return result;
    }

    private static String text(Element parent, String child) {
        NodeList nodes = parent.getElementsByTagName(child);
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getParentNode() == parent) {
                return nodes.item(i).getTextContent().trim();
            }
        }
        return "";
    }

    private static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return (end < 0 ? text : text.substring(0, end + 1)).replace("|", "\\|");
    }

    private static String orDash(String text) {
        return text.isEmpty() ? "(command line)" : text;
    }
}
