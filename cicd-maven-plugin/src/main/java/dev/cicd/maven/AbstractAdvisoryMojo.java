package dev.cicd.maven;

import org.apache.maven.plugins.annotations.Parameter;

/** A goal that works with the OSV advisories on disk: {@code cicd:advisories} fetches them, {@code cicd:scan} reads them. */
abstract class AbstractAdvisoryMojo extends AbstractPipelineMojo {

    /**
     * OSV advisories: directories of *.json and/or osv.dev's per-ecosystem zip archives,
     * comma-separated. {@code cicd:advisories} downloads into the first.
     */
    @Parameter(property = "cicd.advisories", defaultValue = "${user.home}/.cache/cicd/osv")
    protected String advisories;
}
