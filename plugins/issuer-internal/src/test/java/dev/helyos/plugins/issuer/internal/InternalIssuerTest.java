package dev.helyos.plugins.issuer.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.plugin.api.CertificateRequest;
import dev.helyos.plugin.api.IssuerContext;
import dev.helyos.plugin.api.IssuerException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class InternalIssuerTest {

    /** The store helyosd gives the issuer, in memory (helyosd seals what is put here). */
    static class MemoryContext implements IssuerContext {
        final Map<String, byte[]> secrets;
        final Map<String, String> options;

        MemoryContext(Map<String, byte[]> secrets, Map<String, String> options) {
            this.secrets = secrets;
            this.options = options;
        }

        @Override
        public Optional<byte[]> secret(String name) {
            return Optional.ofNullable(secrets.get(name));
        }

        @Override
        public byte[] secretIfAbsent(String name, byte[] value) {
            byte[] before = secrets.putIfAbsent(name, value);
            return before == null ? value : before;
        }

        @Override
        public void publishHttpChallenge(String token, String content) {
            throw new AssertionError("the internal CA validates nothing");
        }

        @Override
        public void withdrawHttpChallenge(String token) {
            throw new AssertionError("the internal CA validates nothing");
        }

        @Override
        public Map<String, String> options() {
            return options;
        }
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static CertificateRequest request(String domain, KeyPair key) {
        return new CertificateRequest(domain, key.getPublic(), new byte[0]);
    }

    @Test
    void issuesAServerCertificateThatChainsToItsRoot() throws Exception {
        InternalIssuer issuer = new InternalIssuer();
        MemoryContext context = new MemoryContext(new ConcurrentHashMap<>(), Map.of());
        KeyPair key = ecKey();

        List<X509Certificate> chain = issuer.issue(request("app.internal.test", key), context);
        X509Certificate root = issuer.roots(context).getFirst();

        X509Certificate leaf = chain.getFirst();
        assertEquals(key.getPublic(), leaf.getPublicKey());
        assertEquals(List.of(List.of(2, "app.internal.test")), leaf.getSubjectAlternativeNames().stream().map(List::copyOf).toList());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), leaf.getExtendedKeyUsage());
        assertEquals(-1, leaf.getBasicConstraints());
        assertEquals(Duration.ofDays(7).plusMinutes(5), Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()));
        // what a TLS client does: validate the path to the root it was told to trust
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), params);
        assertTrue(root.getBasicConstraints() >= 0);
        assertTrue(root.getSubjectX500Principal().getName().contains("Helyos Internal Root CA"));
    }

    @Test
    void theCaIsMadeOnceAndKeptInTheContextsSecrets() throws Exception {
        Map<String, byte[]> secrets = new ConcurrentHashMap<>();
        X509Certificate first = new InternalIssuer().roots(new MemoryContext(secrets, Map.of())).getFirst();
        byte[] stored = secrets.get("ca").clone();
        // a restarted daemon (new plugin instance, same store) keeps the root clients trust
        X509Certificate again = new InternalIssuer().roots(new MemoryContext(secrets, Map.of())).getFirst();
        assertEquals(first, again);
        assertArrayEquals(stored, secrets.get("ca"));
        assertTrue(new String(stored, StandardCharsets.US_ASCII).contains("PRIVATE KEY"));
        // another store, another CA
        assertNotEquals(first, new InternalIssuer().roots(new MemoryContext(new ConcurrentHashMap<>(), Map.of())).getFirst());
    }

    @Test
    void twoNodesRacingToCreateTheCaEndUpWithTheSameOne() throws Exception {
        Map<String, byte[]> secrets = new ConcurrentHashMap<>();
        MemoryContext slow = new MemoryContext(secrets, Map.of()) {
            @Override
            public Optional<byte[]> secret(String name) {
                Optional<byte[]> seen = super.secret(name);
                if (seen.isEmpty()) {
                    // another node creates and stores its CA right after we looked
                    new InternalIssuerTest.MemoryContext(secrets, Map.of()).secretIfAbsent(name, otherCa());
                }
                return seen;
            }
        };
        X509Certificate root = new InternalIssuer().roots(slow).getFirst();
        assertEquals(new InternalIssuer().roots(new MemoryContext(secrets, Map.of())).getFirst(), root);
    }

    private static byte[] otherCa() {
        Map<String, byte[]> elsewhere = new ConcurrentHashMap<>();
        try {
            new InternalIssuer().roots(new MemoryContext(elsewhere, Map.of()));
        } catch (IssuerException e) {
            throw new AssertionError(e);
        }
        return elsewhere.get("ca");
    }

    @Test
    void lifetimeOptionIsHonouredAndCheckedWithItsNameInTheError() throws Exception {
        InternalIssuer issuer = new InternalIssuer();
        Map<String, byte[]> secrets = new ConcurrentHashMap<>();
        X509Certificate leaf = issuer.issue(request("short.test", ecKey()),
                new MemoryContext(secrets, Map.of("internal.lifetime", "90s"))).getFirst();
        assertEquals(Duration.ofSeconds(99), // backdated by a tenth
                Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()));
        for (String bad : List.of("", "10s", "400d", "7 days", "-1d", "1w", "99999999999d")) {
            IssuerException e = assertThrows(IssuerException.class, () -> issuer.issue(request("x.test", ecKey()),
                    new MemoryContext(secrets, Map.of("internal.lifetime", bad))));
            assertTrue(e.getMessage().contains("internal.lifetime"), e.getMessage());
        }
    }

    @Test
    void rsaKeysGetKeyEnciphermentToo() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair rsa = generator.generateKeyPair();
        X509Certificate leaf = new InternalIssuer().issue(request("rsa.test", rsa),
                new MemoryContext(new ConcurrentHashMap<>(), Map.of())).getFirst();
        assertTrue(leaf.getKeyUsage()[0] && leaf.getKeyUsage()[2]);
        assertFalse(leaf.getKeyUsage()[5]);
    }

    @Test
    void anUnreadableStoredCaIsReportedNotReplaced() {
        Map<String, byte[]> secrets = new ConcurrentHashMap<>(Map.of("ca", "garbage".getBytes(StandardCharsets.US_ASCII)));
        IssuerException e = assertThrows(IssuerException.class,
                () -> new InternalIssuer().roots(new MemoryContext(secrets, Map.of())));
        assertTrue(e.getMessage().contains("stored internal CA is unreadable"), e.getMessage());
        assertArrayEquals("garbage".getBytes(StandardCharsets.US_ASCII), secrets.get("ca"));
    }
}
