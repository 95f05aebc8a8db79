package dev.cicd.changes;

import static dev.cicd.changes.SampleMonorepo.COMMON;
import static dev.cicd.changes.SampleMonorepo.DELIVERY;
import static dev.cicd.changes.SampleMonorepo.INVOICES;
import static dev.cicd.changes.SampleMonorepo.MONEY;
import static dev.cicd.changes.SampleMonorepo.PAYMENTS;
import static dev.cicd.changes.SampleMonorepo.PRODUCTS;
import static dev.cicd.changes.SampleMonorepo.ROOT;
import static dev.cicd.changes.SampleMonorepo.SEARCH;
import static dev.cicd.changes.SampleMonorepo.SHIPPING;
import static dev.cicd.changes.SampleMonorepo.TRACKING;
import static dev.cicd.changes.SampleMonorepo.affectedIds;
import static dev.cicd.changes.SampleMonorepo.byModule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cicd.common.CicdException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which modules a commit affects, on a real repository, comparing HEAD with HEAD^1 as a local build does. */
class AffectedModulesTest {

    @TempDir
    Path dir;

    SampleMonorepo repo;

    @BeforeEach
    void setUp() throws Exception {
        repo = SampleMonorepo.create(dir);
    }

    @AfterEach
    void tearDown() {
        repo.close();
    }

    private List<Affected> affectedByHead() {
        ChangeSet changes = new ChangeDetector().detect(dir, repo.ci(Map.of()), Map.of(), null);
        assertThat(changes.everything()).as(changes.everythingReason()).isFalse();
        return ChangeDetector.affected(changes, repo.modules(), dir);
    }

    @Test
    void aChangeInOneServiceAffectsOnlyThatService() throws Exception {
        repo.change("retry deliveries", "src/shipping/delivery/src/main/java/Delivery.java");

        List<Affected> affected = affectedByHead();

        assertThat(affectedIds(affected)).containsExactly(DELIVERY);
        Affected delivery = byModule(affected).get(DELIVERY);
        assertThat(delivery.reason()).isEqualTo("1 changed file: src/shipping/delivery/src/main/java/Delivery.java");
        assertThat(delivery.triggers()).containsExactly("src/shipping/delivery/src/main/java/Delivery.java");
        assertThat(byModule(affected).get(SHIPPING).reason())
                .as("the area's aggregator does not own its services' files")
                .isEqualTo("not affected: no change in src/shipping");
    }

    @Test
    void aLibraryChangeAffectsTheLibraryAndEveryModuleBuiltFromItTransitively() throws Exception {
        repo.change("round half even", "libs/common/src/main/java/Common.java");

        List<Affected> affected = affectedByHead();

        assertThat(affectedIds(affected)).containsExactly(COMMON, MONEY, DELIVERY, TRACKING, INVOICES);
        Map<String, Affected> byId = byModule(affected);
        assertThat(byId.get(COMMON).reason()).startsWith("1 changed file: libs/common/");
        assertThat(byId.get(DELIVERY).reason())
                .isEqualTo("depends on sample:common (changed: libs/common/src/main/java/Common.java)");
        assertThat(byId.get(DELIVERY).triggers()).containsExactly("libs/common/src/main/java/Common.java");
        assertThat(byId.get(INVOICES).reason()).as("through libs/money").contains("depends on sample:common");
        assertThat(byId.get(PAYMENTS).affected()).isFalse();
    }

    @Test
    void aServiceChangedAlongsideItsLibraryNamesBoth() throws Exception {
        repo.change("both", "libs/money/src/main/java/Money.java", "src/billing/invoices/src/main/java/Invoices.java");

        Affected invoices = byModule(affectedByHead()).get(INVOICES);

        assertThat(invoices.reason())
                .isEqualTo("1 changed file: src/billing/invoices/src/main/java/Invoices.java;"
                        + " also depends on sample:money (changed: libs/money/src/main/java/Money.java)");
        assertThat(invoices.triggers()).containsExactly("src/billing/invoices/src/main/java/Invoices.java");
    }

    @Test
    void aDocsOnlyChangeAffectsNothing() throws Exception {
        repo.change("explain", "docs/guide.md", "docs/architecture.md", "README.md");

        List<Affected> affected = affectedByHead();

        assertThat(affectedIds(affected)).isEmpty();
        assertThat(byModule(affected).get(ROOT).reason())
                .isEqualTo(
                        "not affected: only excluded files changed (README.md, docs/architecture.md, docs/guide.md)");
    }

    @Test
    void aReadmeInsideAServiceIsExcludedByItsPattern() throws Exception {
        repo.change("document", "src/catalog/products/README.md");

        List<Affected> affected = affectedByHead();

        assertThat(affectedIds(affected)).isEmpty();
        assertThat(byModule(affected).get(PRODUCTS).reason())
                .isEqualTo("not affected: only excluded files changed (src/catalog/products/README.md)");
    }

    @Test
    void aReadmeIsNotExcludedWhereNoPatternSaysSo() throws Exception {
        repo.change("document", "src/catalog/products/README.md");
        List<ModuleInfo> modules = new ArrayList<>(repo.modules());
        modules.replaceAll(m -> m.id().equals(PRODUCTS)
                ? new ModuleInfo(PRODUCTS, m.directory(), List.of(), List.of(), m.dependsOn())
                : m);

        ChangeSet changes = new ChangeDetector().detect(dir, repo.ci(Map.of()), Map.of(), null);

        assertThat(affectedIds(ChangeDetector.affected(changes, modules, dir))).containsExactly(PRODUCTS);
    }

    @Test
    void extraPathsBringInFilesOutsideTheModule() throws Exception {
        repo.change("new field", "libs/proto/orders.proto", "shared/config.yaml");

        List<Affected> affected = affectedByHead();

        assertThat(affectedIds(affected)).containsExactly(PAYMENTS, SEARCH);
        assertThat(byModule(affected).get(SEARCH).triggers()).containsExactly("libs/proto/orders.proto");
        assertThat(byModule(affected).get(PAYMENTS).triggers()).containsExactly("shared/config.yaml");
    }

    @Test
    void theRootPomReachesEveryModuleThatInheritsIt() throws Exception {
        repo.change("new plugin version", "pom.xml");

        List<Affected> affected = affectedByHead();

        assertThat(affectedIds(affected))
                .containsExactlyElementsOf(
                        repo.modules().stream().map(ModuleInfo::id).toList());
        assertThat(byModule(affected).get(DELIVERY).reason()).isEqualTo("depends on sample:root (changed: pom.xml)");
    }

    @Test
    void anAreaPomReachesOnlyItsServices() throws Exception {
        repo.change("shipping plugin", "src/shipping/pom.xml");

        assertThat(affectedIds(affectedByHead())).containsExactly(SHIPPING, DELIVERY, TRACKING);
    }

    @Test
    void deletionsCount() throws Exception {
        repo.delete("drop", "src/catalog/search/src/main/java/Search.java");

        assertThat(affectedIds(affectedByHead())).containsExactly(SEARCH);
    }

    @Test
    void excludesAreRelativeToTheModuleUnlessAnchoredAtTheRoot() throws Exception {
        repo.change("notes", "src/catalog/products/notes/todo.txt", "src/catalog/search/notes/todo.txt");
        List<ModuleInfo> modules = new ArrayList<>(repo.modules());
        modules.replaceAll(m -> switch (m.id()) {
            case PRODUCTS -> new ModuleInfo(PRODUCTS, m.directory(), List.of(), List.of("notes/**"), List.of());
            case SEARCH ->
                new ModuleInfo(SEARCH, m.directory(), List.of(), List.of("/src/catalog/search/notes/**"), List.of());
            default -> m;
        });
        ChangeSet changes = new ChangeDetector().detect(dir, repo.ci(Map.of()), Map.of(), null);

        assertThat(affectedIds(ChangeDetector.affected(changes, modules, dir))).isEmpty();

        modules.replaceAll(m -> m.id().equals(SEARCH)
                ? new ModuleInfo(SEARCH, m.directory(), List.of(), List.of("/notes/**"), List.of())
                : m);
        assertThat(affectedIds(ChangeDetector.affected(changes, modules, dir)))
                .as("an anchored pattern is not relative to the module")
                .containsExactly(SEARCH);
    }

    @Test
    void excludesAlsoFilterExtraPaths() throws Exception {
        repo.commit("proto docs", Map.of("libs/proto/README.md", "protos"));

        assertThat(affectedIds(affectedByHead())).isEmpty();
    }

    @Test
    void manyChangedFilesAreCappedAndCounted() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            files.put(
                    "src/billing/payments/src/main/java/P" + (char) ('a' + i % 26) + i + ".java",
                    "class P" + i + " {}");
        }
        repo.commit("generated", files);

        Affected payments = byModule(affectedByHead()).get(PAYMENTS);

        assertThat(payments.triggers()).hasSize(ChangeDetector.MAX_TRIGGERS);
        assertThat(payments.reason()).startsWith("30 changed files: ").endsWith(" and 25 more");
    }

    @Test
    void everythingAffectsEveryModuleWithTheReason() {
        ChangeSet everything =
                new ChangeSet(null, "abc", "previous commit (HEAD^1)", List.of(), true, "HEAD abc is the first commit");

        List<Affected> affected = ChangeDetector.affected(everything, repo.modules(), dir);

        assertThat(affected).hasSize(repo.modules().size()).allSatisfy(a -> {
            assertThat(a.affected()).isTrue();
            assertThat(a.reason()).isEqualTo("everything: HEAD abc is the first commit");
        });
    }

    @Test
    void aModuleOutsideTheRepositoryOwnsNoFiles(@TempDir Path elsewhere) throws Exception {
        repo.change("x", "src/catalog/products/src/main/java/Products.java");
        ChangeSet changes = new ChangeDetector().detect(dir, repo.ci(Map.of()), Map.of(), null);

        List<Affected> affected = ChangeDetector.affected(changes, List.of(ModuleInfo.of("outside", elsewhere)), dir);

        assertThat(affected).singleElement().satisfies(a -> {
            assertThat(a.affected()).isFalse();
            assertThat(a.reason()).isEqualTo("not affected: no change in its extra paths");
        });
    }

    @Test
    void anInvalidPatternIsTheProjectsToFix() {
        ChangeSet changes = new ChangeSet("a", "b", "x", List.of("a.txt"), false, null);
        List<ModuleInfo> modules = List.of(new ModuleInfo("m", dir, List.of("libs/{proto"), List.of(), List.of()));

        assertThatThrownBy(() -> ChangeDetector.affected(changes, modules, dir))
                .isInstanceOfSatisfying(
                        CicdException.class, e -> assertThat(e.kind()).isEqualTo(CicdException.Kind.PROJECT))
                .hasMessageContaining("libs/{proto");
    }
}
