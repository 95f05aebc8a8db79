package dev.cicd.maven;

import java.util.Optional;
import java.util.function.Supplier;
import org.apache.maven.execution.MavenSession;
import org.eclipse.aether.SessionData;

/**
 * State of one Maven build that every module's goals share (change detection's answer, what each
 * module ran), kept in the build's repository session data: Maven's own per-build store, shared by
 * the session copies a parallel build (-T) gives each module, and gone with the build. No static
 * map outlives a build in a long-lived JVM (mvnd, an IDE).
 *
 * <p>Not a {@code @SessionScoped} component: before Maven 3.9 the session scope is per thread in a
 * parallel build (MNG-7347), so modules would each get their own.
 */
final class BuildState {

    private BuildState() {}

    /**
     * The value of type {@code type} for this build, made by {@code create} by the first goal that
     * asks; goals asking at the same time wait for it. Keyed by the class itself, so two plugin
     * realms never see each other's values.
     */
    static <T> T computeIfAbsent(MavenSession session, Class<T> type, Supplier<T> create) {
        SessionData data = session.getRepositorySession().getData();
        data.set(type, null, new Memo<T>());
        @SuppressWarnings("unchecked")
        Memo<T> memo = (Memo<T>) data.get(type);
        return memo.get(create);
    }

    /** The value a goal of this build made, if one did. */
    static <T> Optional<T> get(MavenSession session, Class<T> type) {
        Object memo = session.getRepositorySession().getData().get(type);
        return memo instanceof Memo<?> m ? Optional.ofNullable(type.cast(m.value)) : Optional.empty();
    }

    private static final class Memo<T> {
        private volatile T value;

        synchronized T get(Supplier<T> create) {
            if (value == null) {
                value = create.get();
            }
            return value;
        }
    }
}
