package dev.helyos.plugin.api;

/** A store could not do what was asked; the message is meant for the operator. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
