package dev.cicd.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real kubectl, run as a user would run the command a message suggests. */
public final class Kubectl {

    private Kubectl() {}

    /** Runs {@code kubectl --kubeconfig <kubeconfig> <arguments>} and asserts it succeeded; returns its output. */
    public static String run(Path kubeconfig, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(arguments));
        Process kubectl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(kubectl.getInputStream().readAllBytes());
        assertThat(kubectl.waitFor())
                .as(String.join(" ", command) + ": " + output)
                .isZero();
        return output;
    }
}
