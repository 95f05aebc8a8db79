package dev.cicd.scan;

import dev.cicd.common.CicdException;
import dev.cicd.scan.osv.Finding;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Accepted vulnerabilities, kept in a file next to the POM ({@code scan-waivers.yaml}), each with a
 * reason and an expiry date, so that every exception is written down and comes back for review:
 *
 * <pre>
 * waivers:
 *   - id: CVE-2021-44228              # the advisory id or one of its aliases
 *     package: org.apache.logging.log4j:log4j-core   # optional: only this package
 *     reason: not reachable, JNDI lookups disabled by log4j2.formatMsgNoLookups
 *     expires: 2026-12-31
 * </pre>
 */
public final class ScanWaivers {

    /** One waiver; {@code packageName} null means every package. */
    public record Waiver(String id, String packageName, String reason, LocalDate expires) {
        public boolean expired(LocalDate today) {
            return today.isAfter(expires);
        }

        public boolean covers(Finding finding) {
            boolean idMatches = id.equalsIgnoreCase(finding.advisoryId())
                    || finding.aliases().stream().anyMatch(id::equalsIgnoreCase);
            return idMatches
                    && (packageName == null
                            || packageName.equals(finding.pkg().name())
                            || packageName.equals(finding.pkg().sourceName()));
        }
    }

    private ScanWaivers() {}

    /** Reads the waivers; a missing file means none. Every waiver needs id, reason and expiry. */
    @SuppressWarnings("unchecked")
    public static List<Waiver> read(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return List.of();
        }
        Object loaded;
        try (Reader reader = Files.newBufferedReader(file)) {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            loaded = new Yaml(new SafeConstructor(options)).load(reader);
        } catch (IOException | RuntimeException e) {
            throw CicdException.project("could not read the scan waivers " + file + ": " + e.getMessage());
        }
        if (loaded == null) {
            return List.of();
        }
        if (!(loaded instanceof Map<?, ?> root) || !(root.get("waivers") instanceof List<?> entries)) {
            throw CicdException.project(file + " must hold a list 'waivers:' of entries with id, reason and expires");
        }
        List<Waiver> waivers = new ArrayList<>();
        int index = 0;
        for (Object entry : entries) {
            index++;
            if (!(entry instanceof Map<?, ?> map)) {
                throw CicdException.project(
                        file + ": waiver " + index + " is not an entry with id, reason and expires");
            }
            Map<String, Object> fields = (Map<String, Object>) map;
            String id = text(fields.get("id"));
            String reason = text(fields.get("reason"));
            Object expires = fields.get("expires");
            String where = file.getFileName() + ": waiver " + index + (id == null ? "" : " (" + id + ")");
            if (id == null) {
                throw CicdException.project(where + " has no id (the advisory id or an alias, e.g. CVE-2021-44228)");
            }
            if (reason == null) {
                throw CicdException.project(where + " has no reason: a waiver says why the vulnerability is accepted");
            }
            if (expires == null) {
                throw CicdException.project(
                        where + " has no expires date (YYYY-MM-DD): waivers must come back for review");
            }
            LocalDate date;
            try {
                date = expires instanceof java.util.Date d
                        ? d.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate()
                        : LocalDate.parse(String.valueOf(expires).trim());
            } catch (DateTimeParseException e) {
                throw CicdException.project(where + ": expires '" + expires + "' is not a date (YYYY-MM-DD)");
            }
            waivers.add(new Waiver(id, text(fields.get("package")), reason, date));
        }
        return List.copyOf(waivers);
    }

    private static String text(Object value) {
        return value == null || String.valueOf(value).isBlank()
                ? null
                : String.valueOf(value).trim();
    }
}
