package dev.cicd.promote;

import java.util.List;
import java.util.Locale;

/**
 * The four-eyes rule's comparison: is the cluster user who approves one of the release's authors?
 * Cluster user names are often e-mail addresses (OIDC) or plain names; authors are commit e-mails
 * and CI user names. They match when equal, ignoring case, or when one is the other's e-mail local part.
 */
final class Authors {

    private Authors() {}

    static boolean isAuthor(String approver, List<String> authors) {
        if (authors == null) {
            return false;
        }
        String who = normalise(approver);
        for (String author : authors) {
            if (author == null || author.isBlank()) {
                continue;
            }
            String candidate = normalise(author);
            if (candidate.equals(who)
                    || localPart(candidate).equals(who)
                    || localPart(who).equals(candidate)
                    || (candidate.contains("@") && who.contains("@") && candidate.equals(who))) {
                return true;
            }
        }
        return false;
    }

    private static String normalise(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    private static String localPart(String name) {
        int at = name.indexOf('@');
        return at > 0 ? name.substring(0, at) : name;
    }
}
