package dev.helyos.plugin.api;

/** A proxy backend cannot work at all; the message is meant for the operator. */
public class ProxyException extends RuntimeException {

    public ProxyException(String message) {
        super(message);
    }

    public ProxyException(String message, Throwable cause) {
        super(message, cause);
    }
}
