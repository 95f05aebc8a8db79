package dev.cicd.context;

/** The CI system a build runs in, or the developer's own checkout. */
public enum CiSystem {
    AZURE_PIPELINES("azure-pipelines"),
    GITHUB_ACTIONS("github-actions"),
    GITLAB_CI("gitlab-ci"),
    JENKINS("jenkins"),
    LOCAL("local");

    private final String id;

    CiSystem(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
