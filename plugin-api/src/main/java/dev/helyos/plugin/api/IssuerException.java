package dev.helyos.plugin.api;

import java.time.Instant;

/** An issuance that did not work; the message is shown to the operator as it is. */
public class IssuerException extends Exception {
    private final Instant retryAfter;

    public IssuerException(String message) {
        this(message, null, null);
    }

    /**
     * @param retryAfter when trying again makes sense (the CA's rate limit, say), or null to let
     *     helyosd back off on its own (30 s doubling to 6 h)
     */
    public IssuerException(String message, Instant retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** When trying again makes sense, or null. */
    public Instant retryAfter() {
        return retryAfter;
    }
}
