package dev.helyos.plugin.api;

import java.util.Map;
import java.util.Optional;

/**
 * What helyosd gives a {@link CertificateIssuer}: storage for its secrets (a CA key, API
 * credentials), sealed with AES-256-GCM under helyosd's master key and kept in the state store,
 * so nothing the issuer keeps is on disk in plaintext and every node sharing the store sees it;
 * and the HTTP-01 challenge listener, for issuers that validate domains over HTTP.
 */
public interface IssuerContext {

    /** A secret this issuer stored under {@code name} (letters, digits, {@code -_.}), if any. */
    Optional<byte[]> secret(String name);

    /**
     * Stores a secret unless one is already stored under {@code name}, and returns the one that is
     * stored: when two nodes race to create, say, a CA key, both go on with the same one.
     */
    byte[] secretIfAbsent(String name, byte[] value);

    /**
     * Serves {@code content} at {@code http://<domain>/.well-known/acme-challenge/<token>} on every
     * route's domain, until {@link #withdrawHttpChallenge} is called with the token.
     */
    void publishHttpChallenge(String token, String content);

    void withdrawHttpChallenge(String token);

    /** {@code --issuer-opt KEY=VALUE} settings (may be empty). */
    Map<String, String> options();
}
