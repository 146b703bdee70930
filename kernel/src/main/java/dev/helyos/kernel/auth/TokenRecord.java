package dev.helyos.kernel.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A token as stored: never the secret, only its Argon2id hash and a keyed lookup tag (HMAC under a
 * key derived from the master key) that narrows a presented token to one candidate hash.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TokenRecord(String id, String name, String scope, String hash, String lookup,
                          String createdAt, String expiresAt, String lastUsedAt) {

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !Instant.parse(expiresAt).isAfter(now);
    }

    public TokenRecord withLastUsedAt(Instant when) {
        return new TokenRecord(id, name, scope, hash, lookup, createdAt, expiresAt, when.toString());
    }

    public TokenRecord withSecret(String newHash, String newLookup) {
        return new TokenRecord(id, name, scope, newHash, newLookup, createdAt, expiresAt, lastUsedAt);
    }
}
