package dev.cicd.context;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a build stands in the seed's pipeline, decided by branch and pull-request state. */
public enum Stage {
    /** A push to {@code feature/*} or {@code topic/*}: build and unit tests, fast feedback. */
    FEATURE,
    /** A pull request to the main branch: also the runtime image and its scan. */
    PR,
    /** The trunk ({@code main}/{@code master}) after a merge: as a pull request. */
    MAIN,
    /** {@code release/<service>/v<semver>}: everything up to push and deploy. */
    RELEASE;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Stage fromId(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }
}
