package dev.cicd.scan.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.cicd.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** npm packages from {@code node_modules/<name>/package.json}, Python ones from dist-info and egg-info metadata. */
final class LanguagePackages {

    private static final Pattern NPM_NAME =
            Pattern.compile("(?:@([a-z0-9][a-z0-9._~-]*)/)?([a-z0-9._~-][a-z0-9._~-]*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLAIN_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+!~-]*");
    private static final Pattern PYPI_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");

    private LanguagePackages() {}

    /** A package.json that has no name or version is a project file, not an installed package: skipped silently. */
    static void readNodePackage(byte[] content, Candidate into) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(content);
        } catch (IOException e) {
            into.warnings.add(into.path + " is not valid JSON (" + firstLine(e.getMessage()) + "); skipped");
            return;
        }
        if (json == null
                || !json.isObject()
                || !json.path("name").isTextual()
                || !json.path("version").isTextual()) {
            return;
        }
        String name = json.get("name").asText();
        String version = json.get("version").asText();
        var m = NPM_NAME.matcher(name);
        if (name.length() > 214 || !m.matches()) {
            into.warnings.add(
                    into.path + " has an invalid npm package name '" + DpkgDatabase.shorten(name) + "'; skipped");
            return;
        }
        if (version.length() > 256 || !PLAIN_VERSION.matcher(version).matches()) {
            into.warnings.add(into.path + " (" + name + ") has an invalid version '" + DpkgDatabase.shorten(version)
                    + "'; skipped");
            return;
        }
        try {
            PackageURLBuilder purl = PackageURLBuilder.aPackageURL()
                    .withType("npm")
                    .withName(m.group(2))
                    .withVersion(version);
            if (m.group(1) != null) {
                purl.withNamespace("@" + m.group(1));
            }
            into.packages = List.of(
                    new Package(Package.NPM, name, version, null, purl.build().canonicalize(), into.path, "npm"));
        } catch (MalformedPackageURLException e) {
            into.warnings.add(into.path + " (" + name + "): " + e.getMessage() + "; skipped");
        }
    }

    /** Core metadata (METADATA, PKG-INFO): e-mail style headers up to the first blank line. */
    static void readPythonMetadata(byte[] content, Candidate into) {
        String name = null;
        String version = null;
        for (String line : new String(content, StandardCharsets.UTF_8).split("\r?\n", -1)) {
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                continue;
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (key.equals("name") && name == null) {
                name = value;
            } else if (key.equals("version") && version == null) {
                version = value;
            }
        }
        if (name == null || name.isEmpty()) {
            into.warnings.add(into.path + " has no Name; skipped");
            return;
        }
        if (name.length() > 256 || !PYPI_NAME.matcher(name).matches()) {
            into.warnings.add(
                    into.path + " has an invalid distribution name '" + DpkgDatabase.shorten(name) + "'; skipped");
            return;
        }
        if (version == null || version.isEmpty()) {
            into.warnings.add(into.path + " (" + name + ") has no Version; skipped");
            return;
        }
        if (version.length() > 256 || !PLAIN_VERSION.matcher(version).matches()) {
            into.warnings.add(into.path + " (" + name + ") has an invalid version '" + DpkgDatabase.shorten(version)
                    + "'; skipped");
            return;
        }
        String normalised = normalisePythonName(name);
        try {
            String purl = PackageURLBuilder.aPackageURL()
                    .withType("pypi")
                    .withName(normalised)
                    .withVersion(version)
                    .build()
                    .canonicalize();
            into.packages = List.of(new Package(Package.PYPI, normalised, version, null, purl, into.path, "PyPI"));
        } catch (MalformedPackageURLException e) {
            into.warnings.add(into.path + " (" + name + "): " + e.getMessage() + "; skipped");
        }
    }

    /** PEP 503: lower case, runs of '-', '_' and '.' as one '-'. */
    static String normalisePythonName(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
