package dev.helyos.kernel.acme;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;

/** Gets a new certificate for a domain: the ACME engine, or a certificate issuer plugin. */
public interface Issuer {

    /** What certificates it issued record as their source: {@code acme}, or the plugin's id. */
    String id();

    Issued issue(String domain) throws IssueFailure, InterruptedException;

    /** A new certificate: its chain (leaf first) and the key it was made for. */
    record Issued(List<X509Certificate> chain, KeyPair key) {
    }
}
