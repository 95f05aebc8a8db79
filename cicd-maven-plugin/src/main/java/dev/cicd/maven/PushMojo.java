package dev.cicd.maven;

import dev.cicd.context.PipelineContext;
import dev.cicd.context.Step;
import dev.cicd.docker.DockerEngine;
import dev.cicd.registry.credentials.ResolvedCredentials;
import dev.cicd.release.PushStep;
import java.time.Clock;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Pushes the runtime image (through the Docker engine) and the packaged chart (with Helm, to
 * {@code oci://<registry>/<chartRepository>}) to the registry, records the digests the registry
 * reports in {@code target/cicd/push.json}, and attaches the release evidence (tests, policy, scan,
 * chart, commit, authors) to the image. Versions are immutable: the same image or chart again is
 * left alone (a re-run of a release build is safe), another one under an existing version is refused.
 *
 * <p>Credentials, first found wins: the {@code <server>} in settings.xml whose id is the registry host
 * (password decrypted as Maven does), Docker's config.json ({@code credHelpers}, {@code credsStore},
 * {@code auths}), then {@code CICD_REGISTRY_USERNAME} / {@code CICD_REGISTRY_PASSWORD}.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractRegistryMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.push.skip", defaultValue = "false")
    private boolean skip;

    /** Replaces an image or chart that already exists under this version with other content. */
    @Parameter(property = "cicd.allowOverwrite", defaultValue = "false")
    private boolean allowOverwrite;

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.push.skip=true" : null;
    }

    @Override
    protected void run() {
        PipelineContext context = pipelineContext();
        if (!context.runs(Step.PUSH)) {
            getLog().info("nothing pushed: " + context.whyNot(Step.PUSH).orElseThrow());
            return;
        }
        String host = releaseRegistry(context, "there is nowhere to push " + context.image());
        ResolvedCredentials credentials = registryCredentials(host);
        PushStep.Registry target = new PushStep.Registry(
                registryClient("pushing to", host, credentials, registryCa), credentials, registryCaPath());
        try (DockerEngine engine = DockerEngine.connect()) {
            new PushStep(records(), target, Clock.systemUTC(), buildLog())
                    .run(
                            new PushStep.Request(
                                    context,
                                    chartRepository,
                                    allowOverwrite,
                                    System.getenv(),
                                    project.getBasedir().toPath()),
                            engine);
        }
    }
}
