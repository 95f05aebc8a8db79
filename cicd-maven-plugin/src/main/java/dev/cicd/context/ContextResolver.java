package dev.cicd.context;

import dev.cicd.common.CicdException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides stage, version and steps from what the CI system says, the service's configuration and
 * the command-line overrides. The rules:
 *
 * <ul>
 *   <li>a pull request is stage {@code pr}; {@code main}/{@code master} is {@code main};
 *       {@code release/<service>/v<semver>} is {@code release}; {@code feature/*} and
 *       {@code topic/*}, and any other branch, are {@code feature};
 *   <li>on a release branch of this service the version comes from the branch and must be SemVer
 *       2.0; on a release branch of another service every step of this one skips;
 *   <li>elsewhere the version is {@code 0.0.0-<branch-slug>.<short-sha>}: unique per commit and
 *       traceable to it, never {@code latest}.
 * </ul>
 */
public final class ContextResolver {

    /** The trunk's names unless {@code <mainBranches>} says otherwise. */
    public static final String DEFAULT_MAIN_BRANCHES = "main,master";

    /** What a release branch must look like; shown in every error about one. */
    public static final String RELEASE_BRANCH_FORM = "release/<service>/v<semver>, e.g. release/delivery/v1.0.2";

    private static final Pattern RELEASE_BRANCH = Pattern.compile("^release/([^/]+)/([^/]+)$");
    private static final Pattern DOCKER_TAG = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$");
    private static final int SLUG_MAX = 40;

    /**
     * The inputs besides the CI system: service configuration and command-line overrides.
     *
     * @param service the service name
     * @param registry registry host[:port], empty for local-only builds
     * @param repository image repository; null means the service name
     * @param branchOverride {@code -Dcicd.branch}, null when not given
     * @param versionOverride {@code -Dcicd.version}, null when not given
     * @param mainBranches branch names that are the trunk
     * @param policy the steps of each stage
     * @param stepsOverride {@code -Dcicd.steps}, replaces the stage's steps; null when not given
     */
    public record Settings(
            String service,
            String registry,
            String repository,
            String branchOverride,
            String versionOverride,
            List<String> mainBranches,
            StagePolicy policy,
            String stepsOverride) {

        public static Settings of(String service) {
            return new Settings(
                    service,
                    "",
                    null,
                    null,
                    null,
                    List.of(DEFAULT_MAIN_BRANCHES.split(",")),
                    StagePolicy.defaults(),
                    null);
        }

        public Settings withBranch(String branch) {
            return new Settings(
                    service, registry, repository, branch, versionOverride, mainBranches, policy, stepsOverride);
        }

        public Settings withVersion(String version) {
            return new Settings(
                    service, registry, repository, branchOverride, version, mainBranches, policy, stepsOverride);
        }

        public Settings withRegistry(String newRegistry, String newRepository) {
            return new Settings(
                    service,
                    newRegistry,
                    newRepository,
                    branchOverride,
                    versionOverride,
                    mainBranches,
                    policy,
                    stepsOverride);
        }

        public Settings withSteps(String steps) {
            return new Settings(
                    service, registry, repository, branchOverride, versionOverride, mainBranches, policy, steps);
        }
    }

    private final Clock clock;

    public ContextResolver(Clock clock) {
        this.clock = clock;
    }

    public PipelineContext resolve(CiInfo detected, Settings settings) {
        if (settings.service() == null || settings.service().isBlank()) {
            throw CicdException.project("the service name is empty; set <service> or -Dcicd.service");
        }
        CiInfo ci = isBlank(settings.branchOverride())
                ? detected
                : detected.withBranch(settings.branchOverride().trim());
        StageDecision decision = decideStage(ci, settings);
        SemVer version = versionOverride(settings).orElse(decision.version());
        if (version == null) {
            version = snapshotVersion(ci);
        }
        if (version.major().bitLength() > 64
                || version.minor().bitLength() > 64
                || version.patch().bitLength() > 64) {
            throw CicdException.project("version " + version + " has a number above 18446744073709551615, which Helm"
                    + " does not accept as a chart version; give MAJOR.MINOR.PATCH with smaller numbers, e.g. v1.0.2");
        }
        Set<Step> steps = settings.stepsOverride() != null
                ? StagePolicy.parseSteps(settings.stepsOverride(), "-Dcicd.steps")
                : settings.policy().stepsFor(decision.stage());
        String imageTag = version.imageTag();
        if (!DOCKER_TAG.matcher(imageTag).matches()) {
            throw CicdException.project("version " + version + " gives image tag '" + imageTag
                    + "', which Docker does not accept (at most 128 characters of letters, digits, '_', '.', '-')");
        }
        String repository = isBlank(settings.repository())
                ? settings.service()
                : settings.repository().trim();
        String registry = settings.registry() == null ? "" : settings.registry().trim();
        return new PipelineContext(
                settings.service(),
                ci,
                decision.stage(),
                decision.reason(),
                version,
                registry,
                repository,
                steps,
                decision.skipReason(),
                null);
    }

    /** The stage, why, the version a release branch names, and why this service skips if it does. */
    private record StageDecision(Stage stage, String reason, SemVer version, String skipReason) {}

    private static StageDecision decideStage(CiInfo ci, Settings settings) {
        String branch = ci.branch();
        if (ci.isPullRequest()) {
            return new StageDecision(
                    Stage.PR,
                    "pull request #" + ci.pullRequestId()
                            + (ci.targetBranch() == null ? "" : " into " + ci.targetBranch()),
                    null,
                    null);
        }
        Optional<ReleaseBranch> release = ReleaseBranch.parse(branch);
        if (release.isPresent()) {
            ReleaseBranch releaseBranch = release.get();
            if (releaseBranch.service().equals(settings.service())) {
                return new StageDecision(Stage.RELEASE, "release branch " + branch, releaseBranch.version(), null);
            }
            return new StageDecision(
                    Stage.RELEASE,
                    "release branch of service '" + releaseBranch.service() + "'",
                    null,
                    "branch " + branch + " releases service '" + releaseBranch.service() + "', not '"
                            + settings.service() + "'");
        }
        if (branch != null && settings.mainBranches().contains(branch)) {
            return new StageDecision(Stage.MAIN, "trunk branch " + branch, null, null);
        }
        if (branch != null && (branch.startsWith("feature/") || branch.startsWith("topic/"))) {
            return new StageDecision(Stage.FEATURE, "feature branch " + branch, null, null);
        }
        return new StageDecision(
                Stage.FEATURE,
                branch == null
                        ? "no branch known (detached checkout or no git); treated as a feature build"
                        : "branch " + branch + " matches no stage rule; treated as a feature build",
                null,
                null);
    }

    /** {@code -Dcicd.version}, checked: SemVer 2.0, never {@code latest}. */
    private static Optional<SemVer> versionOverride(Settings settings) {
        if (isBlank(settings.versionOverride())) {
            return Optional.empty();
        }
        String given = settings.versionOverride().trim();
        if (given.equalsIgnoreCase("latest")) {
            throw CicdException.project("image tag 'latest' is refused: always build and deploy a specific version"
                    + " (-Dcicd.version takes a SemVer version such as v1.0.2)");
        }
        return Optional.of(SemVer.parse(given)
                .orElseThrow(() -> CicdException.project("-Dcicd.version=" + given
                        + " is not a SemVer 2.0 version; give MAJOR.MINOR.PATCH with an optional v, e.g. v1.0.2")));
    }

    /** {@code 0.0.0-<branch-slug>.<short-sha>}, or a timestamp where no commit is known. */
    private SemVer snapshotVersion(CiInfo ci) {
        String slug = ci.isPullRequest() ? "pr-" + slug(ci.pullRequestId()) : slug(ci.branch());
        String suffix = ci.revision() != null
                ? ci.revision()
                        .substring(0, Math.min(7, ci.revision().length()))
                        .toLowerCase(Locale.ROOT)
                : DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(clock.instant());
        String text = "0.0.0-" + identifier(slug) + "." + identifier(suffix);
        return SemVer.parse(text).orElseThrow(() -> new IllegalStateException("built an invalid version " + text));
    }

    /** Lower case, every run of other characters a single '-', at most 40 characters. */
    static String slug(String branch) {
        if (branch == null) {
            return "local";
        }
        String slug =
                branch.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > SLUG_MAX) {
            slug = slug.substring(0, SLUG_MAX).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "branch" : slug;
    }

    /** SemVer forbids numeric identifiers with leading zeros (a short sha can be {@code 0123456}). */
    private static String identifier(String part) {
        return part.matches("0\\d+") ? "g" + part : part;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** A branch {@code release/<service>/v<semver>}. */
    public record ReleaseBranch(String branch, String service, String versionText) {

        /**
         * Empty when the branch is not a release branch at all; fails when it starts with
         * {@code release/} but does not have the release form.
         */
        public static Optional<ReleaseBranch> parse(String branch) {
            if (branch == null || !branch.startsWith("release/")) {
                return Optional.empty();
            }
            Matcher m = RELEASE_BRANCH.matcher(branch);
            if (!m.matches()) {
                throw CicdException.project(
                        "branch '" + branch + "' is not a valid release branch: expected " + RELEASE_BRANCH_FORM);
            }
            return Optional.of(new ReleaseBranch(branch, m.group(1), m.group(2)));
        }

        /** The version the branch names; fails when it is not SemVer 2.0. */
        public SemVer version() {
            return SemVer.parse(versionText)
                    .orElseThrow(() -> CicdException.project(
                            "branch '" + branch + "' is not a valid release branch: '" + versionText
                                    + "' is not a SemVer 2.0 version; expected " + RELEASE_BRANCH_FORM
                                    + " (MAJOR.MINOR.PATCH with optional -prerelease; the v is optional)"));
        }
    }
}
