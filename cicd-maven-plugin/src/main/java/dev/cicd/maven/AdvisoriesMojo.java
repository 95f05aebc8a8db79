package dev.cicd.maven;

import dev.cicd.scan.osv.OsvDatabase;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Downloads or refreshes the OSV vulnerability archives the scan reads ({@code <ecosystem>/all.zip},
 * as osv.dev serves them), only when changed upstream. An air-gapped CI points
 * {@code cicd.advisoriesUrl} at a mirror, or copies the archives to {@code cicd.advisories}.
 */
@Mojo(name = "advisories", threadSafe = true, requiresProject = false, aggregator = true)
public class AdvisoriesMojo extends AbstractPipelineMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.advisories.skip", defaultValue = "false")
    private boolean skip;

    /** Where the archives go (and where cicd:scan reads them). */
    @Parameter(property = "cicd.advisories", defaultValue = "${user.home}/.cache/cicd/osv")
    private File advisories;

    /** The base URL serving {@code <ecosystem>/all.zip}. */
    @Parameter(property = "cicd.advisoriesUrl", defaultValue = "https://osv-vulnerabilities.storage.googleapis.com/")
    private String advisoriesUrl;

    /** The ecosystems to fetch, comma-separated. */
    @Parameter(property = "cicd.advisoryEcosystems", defaultValue = "Debian,Ubuntu,Alpine,Maven,npm,PyPI")
    private String advisoryEcosystems;

    @Override
    protected String goalSkipReason() {
        return skip ? "cicd.advisories.skip=true" : null;
    }

    @Override
    protected void run() {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        var results = OsvDatabase.download(
                URI.create(advisoriesUrl),
                Arrays.stream(advisoryEcosystems.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList(),
                advisories.toPath(),
                http,
                buildLog());
        for (var result : results) {
            getLog().info(result.ecosystem() + ": " + (result.updated() ? "downloaded " : "unchanged, ")
                    + result.archive());
        }
    }
}
