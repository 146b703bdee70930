package dev.helyos.plugin.api;

/** The container engine could not do what was asked; the message is meant for the operator. */
public class ContainerRuntimeException extends RuntimeException {

    /** What went wrong, for callers that react differently (retry later, mark the pod failed, …). */
    public enum Reason {
        /** No engine answered at the address; the message says where it looked. */
        ENGINE_UNAVAILABLE,
        /** The image is not present in the engine (nothing is pulled). */
        IMAGE_NOT_FOUND,
        /** No such pod or network. */
        NOT_FOUND,
        /** A pod of that name exists already, or the object is in use. */
        CONFLICT,
        /** Anything else the engine refused. */
        FAILED
    }

    private final Reason reason;

    public ContainerRuntimeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ContainerRuntimeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
