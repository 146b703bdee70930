package dev.helyos.kernel.certs;

/**
 * What the CA said about when to renew a domain's certificate ({@code acme/renewal-info/<domain>}),
 * for the certificate with {@code serial}: its suggested window and the time picked in it (all null
 * when the CA offers no renewal information), the CA's explanation URL, when it was asked, when to ask
 * again, and why the last question failed.
 */
public record RenewalInfoRecord(String domain, String serial, String windowStart, String windowEnd, String renewAt,
                                String explanation, String checkedAt, String askAgainAt, String lastError) {
}
