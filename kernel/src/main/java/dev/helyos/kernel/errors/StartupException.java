package dev.helyos.kernel.errors;

/** The daemon cannot start; the message is the one line the operator sees. */
public class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }
}
