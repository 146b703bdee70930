package dev.helyos.kernel.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.CountingStore;
import dev.helyos.kernel.MovableClock;
import dev.helyos.kernel.config.Json;
import dev.helyos.kernel.secrets.MasterKey;
import dev.helyos.plugin.api.StateStore;
import dev.helyos.plugin.api.WriteBatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The hot path of authentication: what a request costs once its token is verified. */
class TokenServiceTest {

    @Test
    void aVerifiedTokenCostsNoStoreAccessAndLastUsedIsWrittenOnceAMinute() {
        CountingStore store = new CountingStore();
        MovableClock clock = new MovableClock();
        TokenService tokens = new TokenService(store, Json.mapper(), MasterKey.of(new byte[32]), clock);
        String secret = tokens.create("ci", Scope.ADMIN, null).secret();
        String header = "Bearer " + secret;

        assertTrue(tokens.authenticate(header).isPresent());
        int reads = store.reads.get();
        int writes = store.writes.get();
        for (int i = 0; i < 1000; i++) {
            clock.now = clock.now.plusMillis(50); // 50 s in all
            assertTrue(tokens.authenticate(header).isPresent());
        }
        assertEquals(reads, store.reads.get(), "no store read per request once verified");
        assertEquals(writes, store.writes.get(), "no write within the minute");

        clock.now = clock.now.plus(Duration.ofSeconds(11));
        assertTrue(tokens.authenticate(header).isPresent());
        assertEquals(writes + 1, store.writes.get(), "last_used_at written once after a minute");
        for (int i = 0; i < 100; i++) {
            assertTrue(tokens.authenticate(header).isPresent());
        }
        assertEquals(writes + 1, store.writes.get(), "and not again for the next minute");
        assertEquals(reads + 1, store.reads.get(), "the secret stays verified across its own last_used_at write");
    }

    @Test
    void anOutdatedRememberedRecordIsRefreshedOnceNotRetriedOnEveryRequest() throws Exception {
        CountingStore store = new CountingStore();
        MovableClock clock = new MovableClock();
        TokenService tokens = new TokenService(store, Json.mapper(), MasterKey.of(new byte[32]), clock);
        String header = "Bearer " + tokens.create("ci", Scope.ADMIN, null).secret();
        assertTrue(tokens.authenticate(header).isPresent());
        // Another node writes the record (same token, newer last_used_at) and its notification is late.
        byte[] current = store.get("tokens/ci").orElseThrow();
        TokenRecord record = Json.mapper().readValue(current, TokenRecord.class);
        store.notify = false;
        store.put("tokens/ci", Json.mapper().writeValueAsBytes(record.withLastUsedAt(clock.now.minusSeconds(120))));
        store.notify = true;
        clock.now = clock.now.plusSeconds(61);
        int reads = store.reads.get();
        for (int i = 0; i < 100; i++) {
            assertTrue(tokens.authenticate(header).isPresent());
        }
        assertTrue(store.reads.get() - reads <= 3, "refreshed once, not on every request: " + (store.reads.get() - reads) + " reads");
    }

    @Test
    void aTokenLivesItsWholeTtlWhateverTheMillisecondItWasCreatedAt() {
        CountingStore store = new CountingStore();
        MovableClock clock = new MovableClock();
        clock.now = Instant.parse("2026-11-28T12:00:00.900Z");
        TokenService tokens = new TokenService(store, Json.mapper(), MasterKey.of(new byte[32]), clock);
        String header = "Bearer " + tokens.create("short", Scope.READ, 1L).secret();
        clock.now = Instant.parse("2026-11-28T12:00:01.850Z");
        assertTrue(tokens.authenticate(header).isPresent(), "0.95 s into a 1 s TTL");
        clock.now = Instant.parse("2026-11-28T12:00:01.900Z");
        assertTrue(tokens.authenticate(header).isEmpty(), "expired at exactly 1 s");
    }

    @Test
    void revocationAndExpiryApplyToVerifiedTokensAtOnce() {
        CountingStore store = new CountingStore();
        MovableClock clock = new MovableClock();
        TokenService tokens = new TokenService(store, Json.mapper(), MasterKey.of(new byte[32]), clock);
        tokens.create("admin", Scope.ADMIN, null);
        String ci = "Bearer " + tokens.create("ci", Scope.READ, null).secret();
        String shortLived = "Bearer " + tokens.create("short", Scope.READ, 60L).secret();
        assertTrue(tokens.authenticate(ci).isPresent());
        assertTrue(tokens.authenticate(shortLived).isPresent());
        tokens.revoke("ci");
        assertTrue(tokens.authenticate(ci).isEmpty());
        clock.now = clock.now.plusSeconds(60);
        assertTrue(tokens.authenticate(shortLived).isEmpty());
    }
}
