/**
 * A stand-in for the Kubernetes API server, for tests only: {@link dev.cicd.testkube.KubernetesStandIn}.
 *
 * <p>From JUnit:
 * <pre>{@code
 * try (KubernetesStandIn standIn = KubernetesStandIn.start()) {
 *   Path kubeconfig = standIn.writeKubeconfig(tempDir.resolve("kubeconfig"), "stand-in", "qa");
 *   new Helm(chart).install().withName("delivery").withNamespace("qa").createNamespace()
 *       .withKubeConfig(kubeconfig).set("image.tag", "v1").call();
 *   Deployment d = standIn.client().apps().deployments().inNamespace("qa").withName("delivery").get();
 * }
 * }</pre>
 *
 * <p>From maven-invoker hooks (the module on the invoker plugin's dependencies), pre-build:
 * <pre>{@code
 * def standIn = dev.cicd.testkube.KubernetesStandIn.startNamed('it')
 * standIn.writeKubeconfig(basedir.toPath().resolve('target/kubeconfig'), 'stand-in', 'qa')
 * }</pre>
 * and post-build: {@code def standIn = dev.cicd.testkube.KubernetesStandIn.named('it') ... standIn.close()}.
 *
 * <p>Helm needs no flags: OpenAPI v3 answers 404 and v2 is an empty protobuf document, so Helm's
 * client-side validation finds no schema and passes (it checks duplicate keys only).
 *
 * <p>Limitations: watches are websocket-only (fabric8 watches and informers work; client-go's HTTP
 * streaming watches, used by Helm hooks waiting on Jobs, do not); no API version conversion (an object
 * is served only at the apiVersion it was written with); server-side apply is approximated by a
 * strategic merge of the applied object; only Deployments have a controller (StatefulSets, DaemonSets
 * and Jobs keep the status they are given); strategic-merge metadata covers the built-in types charts use
 * (other lists are replaced).
 */
package dev.cicd.testkube;
