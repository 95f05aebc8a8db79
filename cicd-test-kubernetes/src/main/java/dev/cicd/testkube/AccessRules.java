package dev.cicd.testkube;

import java.util.ArrayList;
import java.util.List;

/**
 * What the kubeconfig's user may do, and who that user is. Everything is allowed until a test says
 * otherwise; once it calls {@link #allow} or {@link #denyAll}, only the listed rules grant access, like
 * RBAC, which has no deny rules.
 */
final class AccessRules {

    /** One grant; "*" matches anything, the empty group is the core group. */
    record Rule(String verb, String group, String resource, String namespace) {
        boolean matches(String verb, String group, String resource, String namespace) {
            return matchesPart(this.verb, verb)
                    && matchesPart(this.group, group)
                    && matchesPart(this.resource, resource)
                    && (this.namespace.equals("*") || this.namespace.equals(namespace == null ? "" : namespace));
        }

        private static boolean matchesPart(String rule, String value) {
            return rule.equals("*") || rule.equals(value == null ? "" : value);
        }
    }

    private boolean allowEverything = true;
    private final List<Rule> rules = new ArrayList<>();
    private String username = "kubernetes-admin";
    private List<String> groups = List.of("kubeadm:cluster-admins", "system:authenticated");

    synchronized void allowAll() {
        allowEverything = true;
        rules.clear();
    }

    synchronized void denyAll() {
        allowEverything = false;
        rules.clear();
    }

    synchronized void allow(String verb, String group, String resource, String namespace) {
        allowEverything = false;
        rules.add(new Rule(verb, group == null ? "" : group, resource, namespace == null ? "*" : namespace));
    }

    synchronized boolean isAllowed(String verb, String group, String resource, String namespace) {
        return allowEverything || rules.stream().anyMatch(r -> r.matches(verb, group, resource, namespace));
    }

    synchronized void setUser(String username, List<String> groups) {
        this.username = username;
        this.groups = List.copyOf(groups);
    }

    synchronized String username() {
        return username;
    }

    synchronized List<String> groups() {
        return groups;
    }
}
