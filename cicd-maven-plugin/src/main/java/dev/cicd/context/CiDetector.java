package dev.cicd.context;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the variables each CI system sets and tells branch, pull request and revision. Outside CI
 * the local git checkout answers.
 *
 * <p>Variables used, per system: Azure Pipelines {@code TF_BUILD}, {@code BUILD_SOURCEBRANCH},
 * {@code BUILD_SOURCEVERSION}, {@code SYSTEM_PULLREQUEST_PULLREQUESTID} /
 * {@code SYSTEM_PULLREQUEST_PULLREQUESTNUMBER}, {@code SYSTEM_PULLREQUEST_SOURCEBRANCH},
 * {@code SYSTEM_PULLREQUEST_TARGETBRANCH}; GitHub Actions {@code GITHUB_ACTIONS}, {@code GITHUB_REF},
 * {@code GITHUB_EVENT_NAME}, {@code GITHUB_HEAD_REF}, {@code GITHUB_BASE_REF}, {@code GITHUB_SHA};
 * GitLab CI {@code GITLAB_CI}, {@code CI_COMMIT_REF_NAME}, {@code CI_COMMIT_SHA},
 * {@code CI_MERGE_REQUEST_IID}, {@code CI_MERGE_REQUEST_SOURCE_BRANCH_NAME},
 * {@code CI_MERGE_REQUEST_TARGET_BRANCH_NAME}; Jenkins {@code JENKINS_URL}, {@code BRANCH_NAME},
 * {@code CHANGE_ID}, {@code CHANGE_BRANCH}, {@code CHANGE_TARGET}, {@code GIT_BRANCH},
 * {@code GIT_COMMIT}.
 */
public final class CiDetector {

    private static final Pattern PULL_REF = Pattern.compile("^refs/pull/(\\d+)/(merge|head)$");

    private final Map<String, String> env;
    private final Supplier<Optional<GitCheckout>> git;

    public CiDetector(Map<String, String> env, Supplier<Optional<GitCheckout>> git) {
        this.env = env;
        this.git = git;
    }

    public static CiDetector forProject(Map<String, String> env, Path projectDirectory) {
        return new CiDetector(env, () -> GitCheckout.find(projectDirectory));
    }

    public CiInfo detect() {
        CiInfo info;
        if (isSet("TF_BUILD")) {
            info = azure();
        } else if ("true".equalsIgnoreCase(get("GITHUB_ACTIONS"))) {
            info = github();
        } else if (isSet("GITLAB_CI")) {
            info = gitlab();
        } else if (isSet("JENKINS_URL") || isSet("JENKINS_HOME")) {
            info = jenkins();
        } else {
            Optional<GitCheckout> checkout = git.get();
            return new CiInfo(
                    CiSystem.LOCAL,
                    checkout.map(GitCheckout::branch).orElse(null),
                    null,
                    null,
                    checkout.map(GitCheckout::revision).orElse(null));
        }
        if (info.revision() == null) {
            info = info.withRevision(git.get().map(GitCheckout::revision).orElse(null));
        }
        return info;
    }

    private CiInfo azure() {
        String pr = firstSet("SYSTEM_PULLREQUEST_PULLREQUESTNUMBER", "SYSTEM_PULLREQUEST_PULLREQUESTID");
        String sourceBranch = get("BUILD_SOURCEBRANCH");
        if (pr == null && sourceBranch != null) {
            Matcher pull = PULL_REF.matcher(sourceBranch);
            if (pull.matches()) {
                pr = pull.group(1);
            }
        }
        String branch = pr != null && isSet("SYSTEM_PULLREQUEST_SOURCEBRANCH")
                ? get("SYSTEM_PULLREQUEST_SOURCEBRANCH")
                : firstSet("BUILD_SOURCEBRANCH", "BUILD_SOURCEBRANCHNAME");
        return new CiInfo(
                CiSystem.AZURE_PIPELINES,
                shortRef(branch),
                pr,
                pr == null ? null : shortRef(get("SYSTEM_PULLREQUEST_TARGETBRANCH")),
                get("BUILD_SOURCEVERSION"));
    }

    private CiInfo github() {
        String event = get("GITHUB_EVENT_NAME");
        String ref = get("GITHUB_REF");
        boolean pullRequest = event != null && event.startsWith("pull_request");
        if (pullRequest) {
            String number = null;
            if (ref != null) {
                Matcher pull = PULL_REF.matcher(ref);
                if (pull.matches()) {
                    number = pull.group(1);
                }
            }
            return new CiInfo(
                    CiSystem.GITHUB_ACTIONS,
                    get("GITHUB_HEAD_REF"),
                    number == null ? "unknown" : number,
                    get("GITHUB_BASE_REF"),
                    get("GITHUB_SHA"));
        }
        return new CiInfo(CiSystem.GITHUB_ACTIONS, shortRef(ref), null, null, get("GITHUB_SHA"));
    }

    private CiInfo gitlab() {
        String mergeRequest = get("CI_MERGE_REQUEST_IID");
        if (mergeRequest != null) {
            return new CiInfo(
                    CiSystem.GITLAB_CI,
                    firstSet("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "CI_COMMIT_REF_NAME"),
                    mergeRequest,
                    get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME"),
                    get("CI_COMMIT_SHA"));
        }
        return new CiInfo(CiSystem.GITLAB_CI, get("CI_COMMIT_REF_NAME"), null, null, get("CI_COMMIT_SHA"));
    }

    private CiInfo jenkins() {
        String change = get("CHANGE_ID");
        if (change != null) {
            return new CiInfo(
                    CiSystem.JENKINS,
                    firstSet("CHANGE_BRANCH", "BRANCH_NAME"),
                    change,
                    get("CHANGE_TARGET"),
                    get("GIT_COMMIT"));
        }
        String branch = get("BRANCH_NAME");
        if (branch == null && get("GIT_BRANCH") != null) {
            // Freestyle jobs set GIT_BRANCH to the remote-tracking name, e.g. origin/main.
            branch = get("GIT_BRANCH").replaceFirst("^(refs/remotes/)?origin/", "");
        }
        return new CiInfo(CiSystem.JENKINS, branch, null, null, get("GIT_COMMIT"));
    }

    /** {@code refs/heads/feature/x} becomes {@code feature/x}; tags keep their name. */
    static String shortRef(String ref) {
        if (ref == null) {
            return null;
        }
        if (ref.startsWith("refs/heads/")) {
            return ref.substring("refs/heads/".length());
        }
        if (ref.startsWith("refs/tags/")) {
            return ref.substring("refs/tags/".length());
        }
        return ref;
    }

    private String firstSet(String... names) {
        for (String name : names) {
            if (isSet(name)) {
                return get(name);
            }
        }
        return null;
    }

    private boolean isSet(String name) {
        return get(name) != null;
    }

    private String get(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
