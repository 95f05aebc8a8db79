package dev.cicd.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The build stages of a Dockerfile ({@code FROM <image> [AS <name>]}), read well enough to choose
 * build targets: the test stage by name, the runtime stage as the last one.
 */
public record DockerfileStages(List<Stage> stages) {

    /** One {@code FROM} instruction: its position, its base image and its name (null when unnamed). */
    public record Stage(int index, String baseImage, String name) {}

    private static final Pattern FROM =
            Pattern.compile("^FROM\\s+(?:--\\S+\\s+)*(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ESCAPE_DIRECTIVE =
            Pattern.compile("^#\\s*escape\\s*=\\s*(\\S)\\s*$", Pattern.CASE_INSENSITIVE);

    public static DockerfileStages read(Path dockerfile) {
        try {
            return parse(Files.readString(dockerfile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + dockerfile, e);
        }
    }

    public static DockerfileStages parse(String text) {
        char escape = '\\';
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean directivesAllowed = true;
        for (String rawLine : text.split("\\R")) {
            String line = rawLine.strip();
            if (directivesAllowed) {
                // Parser directives only count before the first comment, blank line or instruction.
                Matcher directive = ESCAPE_DIRECTIVE.matcher(line);
                if (directive.matches()) {
                    escape = directive.group(1).charAt(0);
                    continue;
                }
                directivesAllowed = false;
            }
            if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (!line.isEmpty() && line.charAt(line.length() - 1) == escape) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            instructions.add(current.toString());
            current.setLength(0);
        }
        if (current.length() > 0) {
            instructions.add(current.toString());
        }
        List<Stage> stages = new ArrayList<>();
        for (String instruction : instructions) {
            Matcher from = FROM.matcher(instruction);
            if (from.matches()) {
                String name = from.group(2) == null ? null : from.group(2).toLowerCase(Locale.ROOT);
                stages.add(new Stage(stages.size(), from.group(1), name));
            }
        }
        return new DockerfileStages(List.copyOf(stages));
    }

    public Optional<Stage> named(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return stages.stream().filter(s -> wanted.equals(s.name())).findFirst();
    }

    public Optional<Stage> last() {
        return stages.isEmpty() ? Optional.empty() : Optional.of(stages.get(stages.size() - 1));
    }

    /** The stage names, unnamed stages shown by their position, for error messages. */
    public String describe() {
        if (stages.isEmpty()) {
            return "no FROM instruction";
        }
        return String.join(
                ", ",
                stages.stream()
                        .map(s -> s.name() != null ? s.name() : "#" + s.index())
                        .toList());
    }
}
