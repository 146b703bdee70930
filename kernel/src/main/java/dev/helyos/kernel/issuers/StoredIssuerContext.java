package dev.helyos.kernel.issuers;

import dev.helyos.kernel.certs.Keys;
import dev.helyos.kernel.secrets.Sealer;
import dev.helyos.plugin.api.IssuerContext;
import dev.helyos.plugin.api.StateStore;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An issuer plugin's view of helyosd: its secrets under {@code issuers/<id>/<name>} in the state
 * store, sealed with the master key (the key is the sealing context too, so a value moved to
 * another name or issuer does not open), and the HTTP-01 tokens of the challenge listener.
 */
public final class StoredIssuerContext implements IssuerContext {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    private final String prefix;
    private final StateStore store;
    private final Sealer sealer;
    private final Map<String, String> options;

    public StoredIssuerContext(String issuerId, StateStore store, Sealer sealer, Map<String, String> options) {
        this.prefix = Keys.issuerState(issuerId);
        this.store = store;
        this.sealer = sealer;
        this.options = Map.copyOf(options);
    }

    @Override
    public Optional<byte[]> secret(String name) {
        String key = key(name);
        return store.get(key).map(sealed -> sealer.open(key, sealed));
    }

    @Override
    public byte[] secretIfAbsent(String name, byte[] value) {
        String key = key(name);
        if (store.compareAndSet(key, null, sealer.seal(key, value))) {
            return value.clone();
        }
        return secret(name).orElseThrow(() -> new IllegalStateException("secret " + name + " vanished while stored"));
    }

    @Override
    public void publishHttpChallenge(String token, String content) {
        store.put(Keys.HTTP01_CHALLENGES + token(token), content.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void withdrawHttpChallenge(String token) {
        store.delete(Keys.HTTP01_CHALLENGES + token(token));
    }

    @Override
    public Map<String, String> options() {
        return options;
    }

    private String key(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.startsWith(".")) {
            throw new IllegalArgumentException("invalid secret name '" + name + "' (letters, digits, - _ . up to 100)");
        }
        return prefix + name;
    }

    private static String token(String token) {
        // RFC 8555 tokens are base64url; anything else could not be asked for in a URL path anyway
        if (token == null || !token.matches("[A-Za-z0-9_-]{1,200}")) {
            throw new IllegalArgumentException("invalid challenge token (base64url, up to 200 characters)");
        }
        return token;
    }
}
