package dev.cicd.common;

/**
 * A pipeline step that could not go on. Every message says what happened and what to do about it.
 *
 * <p>{@link Kind#PROJECT} problems are the user's to fix in the project (configuration, a failing
 * test, a policy); {@link Kind#ENVIRONMENT} problems are about the machine or a remote service (a
 * daemon that is down, a registry that refuses a connection).
 */
public class CicdException extends RuntimeException {

    public enum Kind {
        PROJECT,
        ENVIRONMENT
    }

    private final Kind kind;

    public CicdException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public CicdException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static CicdException project(String message) {
        return new CicdException(Kind.PROJECT, message);
    }

    public static CicdException environment(String message, Throwable cause) {
        return new CicdException(Kind.ENVIRONMENT, message, cause);
    }

    public static CicdException environment(String message) {
        return new CicdException(Kind.ENVIRONMENT, message);
    }

    public Kind kind() {
        return kind;
    }
}
