package dev.cicd.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every goal has its own skip flag, {@code cicd.<goal>.skip}, and the IT skip-every-goal runs every
 * goal with {@code cicd.skip} and with that flag (as Jib's SkippedGoalVerifier does): a new goal
 * without a flag, or one the IT forgets, fails here.
 */
class EveryGoalSkipsTest {

    private static final Path DESCRIPTOR = Path.of("target/classes/META-INF/maven/plugin.xml");
    private static final Path SKIP_IT = Path.of("../it/src/it/skip-every-goal/invoker.properties");

    @Test
    void everyGoalHasItsOwnSkipFlagAndTheItSkipsEveryGoal() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document descriptor = factory.newDocumentBuilder().parse(DESCRIPTOR.toFile());
        List<String> goals = new ArrayList<>();
        NodeList mojos = descriptor.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            String goal = mojo.getElementsByTagName("goal").item(0).getTextContent();
            if (goal.equals("help")) {
                continue;
            }
            goals.add("cicd:" + goal);
            assertThat(mojo.getElementsByTagName("configuration").item(0).getTextContent())
                    .as("cicd:%s has a parameter with property cicd.%s.skip", goal, goal)
                    .contains("${cicd." + goal + ".skip}")
                    .contains("${cicd.skip}");
        }
        Matcher listed = Pattern.compile("invoker\\.goals\\.1 = -B (.*?) -D").matcher(Files.readString(SKIP_IT));
        assertThat(listed.find()).isTrue();
        assertThat(Arrays.asList(listed.group(1).split(" "))).containsExactlyInAnyOrderElementsOf(goals);
    }
}
