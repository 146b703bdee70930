package dev.helyos.kernel.certs;

import java.time.Instant;

/** An issuance that did not work: what to tell the operator, and the CA's Retry-After if it gave one. */
public final class IssueFailure extends Exception {
    private final Instant retryAfter;

    public IssueFailure(String message, Instant retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Instant retryAfter() {
        return retryAfter;
    }
}
