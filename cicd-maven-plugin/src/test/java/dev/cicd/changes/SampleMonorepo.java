package dev.cicd.changes;

import dev.cicd.context.CiDetector;
import dev.cicd.context.CiInfo;
import dev.cicd.context.GitCheckout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A real git repository shaped like the monorepos the plugin serves: services under
 * {@code src/<area>/<service>}, libraries under {@code libs/}, an aggregator per area, docs and shared
 * files that belong to no module.
 */
final class SampleMonorepo implements AutoCloseable {

    static final String ROOT = "sample:root";
    static final String COMMON = "sample:common";
    static final String MONEY = "sample:money";
    static final String SHIPPING = "sample:shipping";
    static final String DELIVERY = "sample:delivery";
    static final String TRACKING = "sample:tracking";
    static final String INVOICES = "sample:invoices";
    static final String PAYMENTS = "sample:payments";
    static final String PRODUCTS = "sample:products";
    static final String SEARCH = "sample:search";

    final Path root;
    final Git git;

    private SampleMonorepo(Path root, Git git) {
        this.root = root;
        this.git = git;
    }

    /** A repository on branch main with one commit holding the whole layout. */
    static SampleMonorepo create(Path root) throws Exception {
        SampleMonorepo repo = init(root);
        repo.commit("initial layout", initialFiles());
        return repo;
    }

    /** A repository on branch main without any commit. */
    static SampleMonorepo init(Path root) throws Exception {
        Git git =
                Git.init().setDirectory(root.toFile()).setInitialBranch("main").call();
        configure(git);
        return new SampleMonorepo(root, git);
    }

    static SampleMonorepo open(Path root) throws IOException {
        Git git = Git.open(root.toFile());
        configure(git);
        return new SampleMonorepo(root, git);
    }

    private static void configure(Git git) throws IOException {
        StoredConfig config = git.getRepository().getConfig();
        config.setString("user", null, "name", "dev");
        config.setString("user", null, "email", "dev@example.com");
        config.setBoolean("commit", null, "gpgsign", false);
        config.save();
    }

    static Map<String, String> initialFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("pom.xml", "<project>root</project>");
        files.put("README.md", "# sample");
        files.put("docs/guide.md", "guide");
        files.put("docs/architecture.md", "architecture");
        files.put("shared/config.yaml", "currency: EUR");
        files.put("libs/proto/orders.proto", "message Order {}");
        files.put("libs/common/pom.xml", "<project>common</project>");
        files.put("libs/common/src/main/java/Common.java", "class Common {}");
        files.put("libs/money/pom.xml", "<project>money</project>");
        files.put("libs/money/src/main/java/Money.java", "class Money {}");
        files.put("src/shipping/pom.xml", "<project>shipping</project>");
        for (String service : List.of(
                "shipping/delivery",
                "shipping/tracking",
                "billing/invoices",
                "billing/payments",
                "catalog/products",
                "catalog/search")) {
            String name = service.substring(service.indexOf('/') + 1);
            String cls = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            files.put("src/" + service + "/pom.xml", "<project>" + name + "</project>");
            files.put("src/" + service + "/README.md", "# " + name);
            files.put(
                    "src/" + service + "/src/main/java/" + cls + ".java",
                    "class " + cls + " {\n"
                            + "    // a body long enough for rename detection to recognise the file\n".repeat(8)
                            + "}\n");
        }
        return files;
    }

    /**
     * The reactor of this repository. Aggregators exclude {@code *}{@code /**}: they own only their
     * top-level files, such as pom.xml, so docs/ and folders that no module claims stay inert.
     */
    List<ModuleInfo> modules() {
        List<String> aggregator = List.of("*/**", "**/*.md");
        List<String> service = List.of("**/*.md");
        return List.of(
                new ModuleInfo(ROOT, root, List.of(), aggregator, List.of()),
                new ModuleInfo(COMMON, root.resolve("libs/common"), List.of(), service, List.of(ROOT)),
                new ModuleInfo(MONEY, root.resolve("libs/money"), List.of(), service, List.of(ROOT, COMMON)),
                new ModuleInfo(SHIPPING, root.resolve("src/shipping"), List.of(), aggregator, List.of(ROOT)),
                new ModuleInfo(
                        DELIVERY, root.resolve("src/shipping/delivery"), List.of(), service, List.of(SHIPPING, COMMON)),
                new ModuleInfo(
                        TRACKING, root.resolve("src/shipping/tracking"), List.of(), service, List.of(SHIPPING, COMMON)),
                new ModuleInfo(
                        INVOICES, root.resolve("src/billing/invoices"), List.of(), service, List.of(ROOT, MONEY)),
                new ModuleInfo(
                        PAYMENTS,
                        root.resolve("src/billing/payments"),
                        List.of("shared/config.yaml"),
                        service,
                        List.of(ROOT)),
                new ModuleInfo(PRODUCTS, root.resolve("src/catalog/products"), List.of(), service, List.of(ROOT)),
                new ModuleInfo(
                        SEARCH, root.resolve("src/catalog/search"), List.of("libs/proto/**"), service, List.of(ROOT)));
    }

    RevCommit commit(String message, Map<String, String> files) throws Exception {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setSign(false).call();
    }

    /** Appends a line to each file and commits. */
    RevCommit change(String message, String... paths) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        for (String path : paths) {
            Path file = root.resolve(path);
            String before = Files.exists(file) ? Files.readString(file) : "";
            files.put(path, before + "// " + message + "\n");
        }
        return commit(message, files);
    }

    RevCommit rename(String message, String from, String to) throws Exception {
        Path target = root.resolve(to);
        Files.createDirectories(target.getParent());
        Files.move(root.resolve(from), target);
        git.rm().addFilepattern(from).call();
        git.add().addFilepattern(to).call();
        return git.commit().setMessage(message).setSign(false).call();
    }

    RevCommit delete(String message, String path) throws Exception {
        git.rm().addFilepattern(path).call();
        return git.commit().setMessage(message).setSign(false).call();
    }

    void createBranch(String name) throws GitAPIException {
        git.branchCreate().setName(name).call();
    }

    void checkout(String name) throws GitAPIException {
        git.checkout().setName(name).call();
    }

    /** What GitHub and Azure check out for a pull request: the target's tip merged with the source. */
    RevCommit checkoutMergeOf(String source, String target) throws Exception {
        git.checkout().setName(git.getRepository().resolve(target).name()).call();
        MergeResult result = git.merge()
                .include(git.getRepository().resolve(source))
                .setFastForward(MergeCommand.FastForwardMode.NO_FF)
                .setMessage("Merge " + source + " into " + target)
                .call();
        if (!result.getMergeStatus().isSuccessful()) {
            throw new IllegalStateException("merge failed: " + result);
        }
        return git.getRepository().parseCommit(result.getNewHead());
    }

    String head() throws IOException {
        ObjectId head = git.getRepository().resolve(Constants.HEAD);
        return head == null ? null : head.name();
    }

    /** What CiDetector makes of these variables in this checkout, as the goals will call it. */
    CiInfo ci(Map<String, String> env) {
        return new CiDetector(env, () -> GitCheckout.find(root)).detect();
    }

    static Map<String, Affected> byModule(List<Affected> affected) {
        return affected.stream().collect(Collectors.toMap(Affected::moduleId, a -> a, (a, b) -> a, LinkedHashMap::new));
    }

    static List<String> affectedIds(List<Affected> affected) {
        return affected.stream()
                .filter(Affected::affected)
                .map(Affected::moduleId)
                .toList();
    }

    @Override
    public void close() {
        git.close();
    }
}
