package dev.helyos.kernel.certs;

/**
 * How getting a domain's certificate from ACME goes ({@code acme/status/<domain>}): the last error,
 * when the next attempt is due, and failed attempts in a row. Absent when the last attempt worked.
 */
public record OrderStatus(String domain, String lastError, String nextAttemptAt, int failures, String lastAttemptAt) {
}
