package dev.helyos.kernel.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.kernel.errors.Refused;
import dev.helyos.kernel.secrets.MasterKey;
import dev.helyos.plugin.api.StateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * API tokens (README "API"): created with a secret shown once, stored only as Argon2id hashes,
 * checked on every request. Argon2id is paid once per token per process: a verified token is
 * remembered by its SHA-256 digest (memory only) until its record changes in the store, and its
 * expiry is checked on every request, so revocation and expiry take effect at once.
 */
public final class TokenService {
    public static final String BOOTSTRAP_NAME = "admin";
    static final String PREFIX = "tokens/";
    static final Duration MAX_TTL = Duration.ofDays(3650);
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$");
    private static final MessageDigest SHA256 = sha256Prototype();
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    private static final int CACHE_LIMIT = 10_000;

    private final StateStore store;
    private final ObjectMapper json;
    private final Argon2id argon2 = new Argon2id();
    private final byte[] lookupKey;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    public TokenService(StateStore store, ObjectMapper json, MasterKey masterKey, Clock clock) {
        this.store = store;
        this.json = json;
        this.lookupKey = masterKey.derive("token-lookup");
        this.clock = clock;
        // Any change to a token's record (revoked, replaced, last_used_at) drops what was verified
        // against it; the store notifies changes from every node, before the write returns.
        store.watch(PREFIX, key -> verified.values().removeIf(v -> key.equals(PREFIX + v.record().name())));
    }

    public record Created(TokenRecord record, String secret) {
    }

    public Created create(String name, Scope scope, Long ttlSecs) {
        if (name == null || name.isBlank()) {
            throw Refused.invalid("token name must not be empty");
        }
        if (!NAME.matcher(name).matches()) {
            throw Refused.invalid("token name must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit (got '"
                    + Refused.shorten(name) + "')");
        }
        if (ttlSecs != null && (ttlSecs <= 0 || ttlSecs > MAX_TTL.toSeconds())) {
            throw Refused.invalid("ttl_secs must be between 1 and " + MAX_TTL.toSeconds() + " seconds (got " + ttlSecs + ")");
        }
        // Milliseconds, not seconds: truncating to the second would cut up to a second off the TTL.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String secret = newSecret();
        TokenRecord record = new TokenRecord(UUID.randomUUID().toString(), name, scope.id(), argon2.hash(secret), lookup(secret),
                now.toString(), ttlSecs == null ? null : now.plusSeconds(ttlSecs).toString(), null);
        byte[] existing = store.get(PREFIX + name).orElse(null);
        if (existing != null && !decode(existing).expiredAt(clock.instant())) {
            throw Refused.conflict("a token named '" + name + "' already exists");
        }
        if (!store.compareAndSet(PREFIX + name, existing, encode(record))) {
            throw Refused.conflict("a token named '" + name + "' already exists");
        }
        return new Created(record, secret);
    }

    /** Active (unexpired) tokens, by name. */
    public List<TokenRecord> list() {
        Instant now = clock.instant();
        return store.list(PREFIX).values().stream()
                .map(this::decode)
                .filter(r -> !r.expiredAt(now))
                .sorted(Comparator.comparing(TokenRecord::name))
                .toList();
    }

    public Optional<TokenRecord> find(String name) {
        Instant now = clock.instant();
        return store.get(PREFIX + name).map(this::decode).filter(r -> !r.expiredAt(now));
    }

    public void revoke(String name) {
        TokenRecord record = find(name).orElseThrow(
                () -> Refused.notFound("no active token named '" + Refused.shorten(name) + "'"));
        boolean lastAdmin = record.scope().equals(Scope.ADMIN.id())
                && list().stream().filter(r -> r.scope().equals(Scope.ADMIN.id())).count() == 1;
        if (lastAdmin) {
            throw Refused.conflict("refusing to revoke '" + name + "': it is the last admin token (create another admin token first)");
        }
        store.delete(PREFIX + name);
    }

    /** The principal for an {@code Authorization} header value, or empty when it is missing or not a valid token. */
    public Optional<Principal> authenticate(String authorization) {
        String secret = bearerSecret(authorization);
        if (secret == null) {
            return Optional.empty();
        }
        String digest = sha256(secret);
        Instant now = clock.instant();
        Verified known = verified.get(digest);
        if (known != null) {
            return known.expired(now) ? Optional.empty() : Optional.of(use(digest, known, now));
        }
        String tag = lookup(secret);
        for (byte[] bytes : store.list(PREFIX).values()) {
            TokenRecord record = decode(bytes);
            if (tag.equals(record.lookup()) && !record.expiredAt(now) && argon2.verify(secret, record.hash())) {
                return Optional.of(use(digest, remember(digest, bytes, record), now));
            }
        }
        return Optional.empty();
    }

    private Verified remember(String digest, byte[] stored, TokenRecord record) {
        if (verified.size() >= CACHE_LIMIT) {
            verified.clear();
        }
        Verified entry = Verified.of(stored, record);
        verified.put(digest, entry);
        return entry;
    }

    /** Whether an unexpired admin token exists (a "configured" token for the bind guardrail). */
    public boolean hasActiveAdmin() {
        return list().stream().anyMatch(r -> r.scope().equals(Scope.ADMIN.id()));
    }

    /**
     * Makes {@code configured} (from {@code --api-token} / {@code HELYOS_API_TOKEN}) the admin
     * token, replacing the stored admin hash when it differs.
     */
    public void installConfigured(String configured) {
        if (!isSecretShaped(configured)) {
            throw new dev.helyos.kernel.errors.StartupException("the API token from --api-token / HELYOS_API_TOKEN must be 16-512 printable ASCII characters without spaces");
        }
        Optional<TokenRecord> current = store.get(PREFIX + BOOTSTRAP_NAME).map(this::decode);
        if (current.isPresent() && !current.get().expiredAt(clock.instant())
                && current.get().scope().equals(Scope.ADMIN.id())
                && lookup(configured).equals(current.get().lookup())
                && argon2.verify(configured, current.get().hash())) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        TokenRecord record = new TokenRecord(UUID.randomUUID().toString(), BOOTSTRAP_NAME, Scope.ADMIN.id(),
                argon2.hash(configured), lookup(configured), now.toString(), null, null);
        store.put(PREFIX + BOOTSTRAP_NAME, encode(record));
    }

    /** Creates the admin token with a fresh secret and returns the secret (shown once). */
    public String generateBootstrap() {
        store.delete(PREFIX + BOOTSTRAP_NAME); // only reached when no active admin token exists
        return create(BOOTSTRAP_NAME, Scope.ADMIN, null).secret();
    }

    private Principal use(String digest, Verified token, Instant now) {
        TokenRecord record = token.record();
        if (token.lastUsedAt() == null || token.lastUsedAt().plus(LAST_USED_RESOLUTION).isBefore(now)) {
            // At most one write a minute per token: last_used_at is for audits, not a hot-path cost.
            TokenRecord used = record.withLastUsedAt(now.truncatedTo(ChronoUnit.SECONDS));
            byte[] updated = encode(used);
            if (store.compareAndSet(PREFIX + record.name(), token.stored(), updated)) {
                record = used;
                remember(digest, updated, used); // our own write dropped the entry; keep the secret verified
            } else {
                refresh(digest, record);
            }
        }
        return new Principal(record.id(), record.name(), Scope.parse(record.scope()), record);
    }

    /**
     * The remembered record was outdated (a concurrent request remembered an older copy, or a
     * change notification is still on its way): take the stored one if it is still the same token.
     * The same id means the same secret (a new secret always gets a new id), so no Argon2id is needed.
     */
    private void refresh(String digest, TokenRecord remembered) {
        Optional<byte[]> stored = store.get(PREFIX + remembered.name());
        Optional<TokenRecord> current = stored.map(this::decode)
                .filter(r -> r.id().equals(remembered.id()) && !r.expiredAt(clock.instant()));
        if (current.isPresent()) {
            remember(digest, stored.get(), current.get());
        } else {
            verified.remove(digest);
        }
    }

    private static String bearerSecret(String authorization) {
        if (authorization == null || authorization.length() > 600) {
            return null;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            return null;
        }
        String secret = value.substring(space + 1).strip();
        return isSecretShaped(secret) ? secret : null;
    }

    /** 16-512 printable ASCII characters, no spaces (a plain loop: this runs on every request). */
    private static boolean isSecretShaped(String s) {
        if (s.length() < 16 || s.length() > 512) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "nxa-api_" + HexFormat.of().formatHex(bytes);
    }

    private String lookup(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(lookupKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String secret) {
        try {
            MessageDigest digest = (MessageDigest) SHA256.clone(); // cheaper than a provider lookup per request
            return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256Prototype() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] encode(TokenRecord record) {
        try {
            return json.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private TokenRecord decode(byte[] bytes) {
        try {
            return json.readValue(bytes, TokenRecord.class);
        } catch (IOException e) {
            throw new IllegalStateException("stored token record is unreadable: " + e.getMessage(), e);
        }
    }

    /** A token whose secret was verified, with the stored bytes it was verified against. */
    private record Verified(byte[] stored, TokenRecord record, Instant expiresAt, Instant lastUsedAt) {
        static Verified of(byte[] stored, TokenRecord record) {
            return new Verified(stored, record, record.expiresAt() == null ? null : Instant.parse(record.expiresAt()),
                    record.lastUsedAt() == null ? null : Instant.parse(record.lastUsedAt()));
        }

        boolean expired(Instant now) {
            return expiresAt != null && !expiresAt.isAfter(now);
        }
    }
}
