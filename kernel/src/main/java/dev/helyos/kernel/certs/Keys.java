package dev.helyos.kernel.certs;

/**
 * Every store key of the certificate lifecycle, in one place. The paths are what data directories
 * and shared stores already hold, so they never change; the ACME ones keep their {@code acme/} prefix
 * for the plugin issuers too.
 */
public final class Keys {
    private Keys() {
    }

    /** {@code certs/<domain>}: a {@link CertificateRecord}. */
    public static final String CERTIFICATES = "certs/";

    /** {@code acme/status/<domain>}: an {@link OrderStatus}, while the last order for a domain failed. */
    public static final String ORDER_STATUS = "acme/status/";

    /** {@code acme/renewal-info/<domain>}: a {@link RenewalInfoRecord}, what the CA said about renewing. */
    public static final String RENEWAL_INFO = "acme/renewal-info/";

    /** {@code acme/http01/<token>}: the key authorization of an HTTP-01 challenge, which any node's listener answers. */
    public static final String HTTP01_CHALLENGES = "acme/http01/";

    /** The sealing context of a certificate's private key, which binds the sealed key to its domain. */
    public static String privateKeyContext(String domain) {
        return CERTIFICATES + domain + "/key";
    }

    /** The sealed key of the ACME account of {@code email} at the CA {@code caId}. */
    public static String acmeAccount(String caId, String email) {
        return "acme/accounts/" + caId + "/" + email;
    }

    /** The lease under which one node orders {@code domain}'s certificate (a lease name, not a key). */
    public static String orderLease(String domain) {
        return "certs/order/" + domain;
    }

    /** The lease under which one node runs the renewal sweep. */
    public static final String SWEEP_LEASE = "certs/sweep";

    /** Where an issuer plugin keeps its own state ({@code issuers/<id>/…}, values sealed). */
    public static String issuerState(String issuerId) {
        return "issuers/" + issuerId + "/";
    }
}
