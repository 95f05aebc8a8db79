package dev.cicd.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * One deployment environment as written in the POM:
 *
 * <pre>{@code
 * <environment>
 *   <name>qa</name>
 *   <kubeconfig>${user.home}/.kube/config</kubeconfig>
 *   <context>test-cluster</context>
 *   <namespace>delivery-qa</namespace>
 *   <valuesFiles><valuesFile>src/main/helm/delivery/values-qa.yaml</valuesFile></valuesFiles>
 *   <production>false</production>
 *   <releaseNaming>versioned</releaseNaming>
 *   <keep>3</keep>
 * </environment>
 * }</pre>
 */
public class Environment {

    /** The environment's name, used on the command line: {@code -Dcicd.environment=qa}. */
    String name;

    /** The kubeconfig file; default {@code $KUBECONFIG} or {@code ~/.kube/config}. */
    File kubeconfig;

    /** The kubeconfig context; default its current context. */
    String context;

    /** The namespace releases go to. */
    String namespace;

    /** Values files layered over the chart's values.yaml, in order. */
    List<File> valuesFiles = new ArrayList<>();

    /** Whether this is production: only {@code cicd:promote} deploys there. */
    boolean production;

    /** {@code stable} (one release, upgraded in place) or {@code versioned} (one release per version, e.g. delivery-v1-0-2). */
    String releaseNaming = "stable";

    /** With versioned releases: how many versions to keep when older ones are removed. */
    int keep = 3;

    /** Creates the namespace when it does not exist. */
    boolean createNamespace;
}
