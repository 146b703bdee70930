package dev.helyos.kernel.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.CountingStore;
import dev.helyos.kernel.certs.IssueFailure;
import dev.helyos.kernel.certs.Issuer;
import dev.helyos.kernel.certs.Keys;
import dev.helyos.kernel.certs.ParsedCertificate;
import dev.helyos.kernel.secrets.MasterKey;
import dev.helyos.kernel.secrets.Sealer;
import dev.helyos.kernel.tls.ByoTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Security;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACME order, state by state, against a CA in this process: account, order, HTTP-01 (its key
 * authorization in the store for exactly as long as the CA validates), finalization with a new key,
 * polling, the chain; and each failure a real CA gives, as the operator reads it. No daemon, no proxy.
 */
class AcmeOrderTest {
    @TempDir
    Path dir;
    final CountingStore store = new CountingStore();
    FakeAcmeCa ca;
    AcmeClient client;
    final List<String> seenDuringValidation = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider()); // as helyosd does at start
        }
        ca = new FakeAcmeCa();
        // while the CA validates, the key authorization must be where any node's challenge listener finds it
        ca.validation = token -> {
            byte[] value = store.map.get(Keys.HTTP01_CHALLENGES + token);
            seenDuringValidation.add(value == null ? null : new String(value, StandardCharsets.US_ASCII));
            return value != null;
        };
        client = new AcmeClient(new CaDirectory("fake", ca.directory(), false, null, null, null), "ops@example.com", store,
                new Sealer(MasterKey.loadOrCreate(dir)), false);
    }

    @AfterEach
    void stop() {
        ca.close();
    }

    @Test
    void anOrderGoesFromPendingToValidAndGivesAChainForTheNewKey() throws Exception {
        Issuer.Issued issued = client.issue("shop.example.com", null);

        assertEquals(2, issued.chain().size(), "leaf and CA");
        assertTrue(ParsedCertificate.covers(issued.chain().getFirst(), "shop.example.com"));
        assertTrue(ByoTls.matches(issued.key().getPrivate(), issued.chain().getFirst()), "the leaf carries the new key");
        assertEquals(1, seenDuringValidation.size());
        assertTrue(seenDuringValidation.getFirst().startsWith("token-1."), "token.thumbprint: " + seenDuringValidation);
        assertTrue(store.map.keySet().stream().noneMatch(k -> k.startsWith(Keys.HTTP01_CHALLENGES)), "the challenge is cleaned up");
        assertTrue(store.map.containsKey(Keys.acmeAccount("fake", "ops@example.com")), "the account key is kept");
        assertTrue(ca.count("/chall/1") >= 3, "triggered, then polled until valid: " + ca.requests);

        client.issue("shop.example.com", null);
        assertEquals(1, ca.count("/account"), "the account is registered once");
    }

    @Test
    void aFailedChallengeSaysWhichDomainAndWhatTheCaSawAndLeavesNoToken() {
        ca.validation = token -> false;
        ca.challengeError = "127.0.0.1: Connection refused";
        IssueFailure failure = assertThrows(IssueFailure.class, () -> client.issue("shop.example.com", null));
        assertEquals("validation failed for shop.example.com: 127.0.0.1: Connection refused", failure.getMessage());
        assertTrue(store.map.keySet().stream().noneMatch(k -> k.startsWith(Keys.HTTP01_CHALLENGES)));
    }

    @Test
    void aRateLimitCarriesTheCasRetryAfter() {
        Instant retryAfter = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        ca.orderProblems.add(new Object[] {429, "rateLimited", "too many certificates for shop.example.com", retryAfter});
        IssueFailure failure = assertThrows(IssueFailure.class, () -> client.issue("shop.example.com", null));
        assertEquals("rate limited by the CA: too many certificates for shop.example.com", failure.getMessage());
        assertEquals(retryAfter, failure.retryAfter());
    }

    @Test
    void anAccountTheCaForgotIsRegisteredAgainOnceAndTheOrderGoesOn() throws Exception {
        client.issue("shop.example.com", null);
        ca.orderProblems.add(new Object[] {400, "accountDoesNotExist", "no such account", null});
        Issuer.Issued issued = client.issue("shop.example.com", null);
        assertEquals(2, ca.count("/account"), "registered again with the same key");
        assertTrue(ParsedCertificate.covers(issued.chain().getFirst(), "shop.example.com"));
    }

    @Test
    void aRefusalIsTheCasOwnWordsWithNoRetryAfter() {
        ca.orderProblems.add(new Object[] {403, "rejectedIdentifier", "shop.example.com is on a blocklist", null});
        IssueFailure failure = assertThrows(IssueFailure.class, () -> client.issue("shop.example.com", null));
        assertEquals("the CA refused: shop.example.com is on a blocklist", failure.getMessage());
        assertNull(failure.retryAfter());
    }
}
