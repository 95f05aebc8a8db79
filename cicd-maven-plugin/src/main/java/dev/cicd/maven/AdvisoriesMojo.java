package dev.cicd.maven;

import dev.cicd.common.CicdException;
import dev.cicd.scan.osv.OsvDatabase;
import dev.cicd.scan.osv.OsvDownload;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Downloads or refreshes the OSV vulnerability archives the scan reads ({@code <ecosystem>/all.zip},
 * as osv.dev serves them), only when changed upstream. An air-gapped CI points
 * {@code cicd.advisoriesUrl} at a mirror, or copies the archives to {@code cicd.advisories}.
 */
@Mojo(name = "advisories", threadSafe = true, requiresProject = false, aggregator = true)
public class AdvisoriesMojo extends AbstractAdvisoryMojo {

    /** Skips this goal. */
    @Parameter(property = "cicd.advisories.skip", defaultValue = "false")
    private boolean skip;

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
        List<String> locations = KeyValues.commaList(advisories);
        if (locations.isEmpty()) {
            throw CicdException.project("-Dcicd.advisories is empty: give the directory the archives go to,"
                    + " e.g. -Dcicd.advisories=${user.home}/.cache/cicd/osv");
        }
        Path target = Path.of(locations.get(0));
        for (OsvDownload.Result result : OsvDatabase.download(
                URI.create(advisoriesUrl), KeyValues.commaList(advisoryEcosystems), target, http, buildLog())) {
            getLog().info(result.ecosystem() + ": " + (result.updated() ? "downloaded " : "unchanged, ")
                    + result.archive());
        }
    }
}
