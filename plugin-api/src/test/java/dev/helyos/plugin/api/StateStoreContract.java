package dev.helyos.plugin.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link StateStore} contract as tests: a store plugin's test class extends this and says how to
 * open an empty store and how to open the same store again after a restart.
 * Every bundled store runs it; a third-party store can run it from this test jar.
 */
public abstract class StateStoreContract {
    protected StateStore store;

    /** A new, empty store. */
    protected abstract StateStore openEmpty() throws Exception;

    /** The same store again, after {@code store} was closed: what a restarted helyosd opens. */
    protected abstract StateStore openAgain() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = openEmpty();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aValueWrittenIsReadBackAndADeleteSaysWhetherTheKeyWasThere() {
        assertTrue(store.get("routes/a.example.com").isEmpty());
        store.put("routes/a.example.com", bytes("one"));
        assertArrayEquals(bytes("one"), store.get("routes/a.example.com").orElseThrow());
        store.put("routes/a.example.com", bytes("two"));
        assertArrayEquals(bytes("two"), store.get("routes/a.example.com").orElseThrow());
        assertTrue(store.delete("routes/a.example.com"));
        assertFalse(store.delete("routes/a.example.com"));
        assertTrue(store.get("routes/a.example.com").isEmpty());
        store.put("empty", new byte[0]);
        assertArrayEquals(new byte[0], store.get("empty").orElseThrow(), "an empty value is a value");
    }

    @Test
    void compareAndSetSwapsOnlyFromTheExpectedValue() {
        assertTrue(store.compareAndSet("k", null, bytes("1")), "absent → 1");
        assertFalse(store.compareAndSet("k", null, bytes("2")), "not absent any more");
        assertFalse(store.compareAndSet("k", bytes("0"), bytes("2")));
        assertTrue(store.compareAndSet("k", bytes("1"), bytes("2")));
        assertTrue(store.compareAndSet("k", bytes("2"), null), "null update deletes");
        assertTrue(store.get("k").isEmpty());
    }

    @Test
    void aBatchIsAppliedWhole() {
        store.put("b/gone", bytes("x"));
        store.commit(new WriteBatch().put("b/1", bytes("1")).put("b/2", bytes("2")).delete("b/gone"));
        assertEquals(List.of("b/1", "b/2"), List.copyOf(store.list("b/").keySet()));
    }

    @Test
    void aPrefixListsExactlyItsKeysInByteOrderWhateverTheyHold() {
        List<String> keys = List.of("a", "a/", "a/b", "a/b/c", "a/Z", "a/z", "a/é", "a/中", "a/\uD83D\uDE00", "a0", "a/" + "x".repeat(300),
                "b", "a/ space", "a/%", "a/_", "A/b");
        keys.forEach(k -> store.put(k, bytes(k)));
        List<String> expected = new ArrayList<>(keys.stream().filter(k -> k.startsWith("a/")).toList());
        expected.sort((x, y) -> java.util.Arrays.compareUnsigned(bytes(x), bytes(y)));
        assertEquals(expected, List.copyOf(store.list("a/").keySet()));
        assertEquals(keys.size(), store.list("").size(), "the empty prefix lists everything");
        assertEquals(List.of("a/%"), List.copyOf(store.list("a/%").keySet()), "no wildcard in a prefix");
        assertEquals(List.of("a/_"), List.copyOf(store.list("a/_").keySet()));
        store.list("a/").forEach((k, v) -> assertArrayEquals(bytes(k), v));
    }

    @Test
    void aWatchHearsEachCommittedChangeUnderItsPrefixAndStopsWhenClosed() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        AutoCloseable watch = store.watch("routes/", heard::add);
        store.put("routes/a", bytes("1"));
        store.put("certs/a", bytes("1"));
        store.commit(new WriteBatch().put("routes/b", bytes("1")).delete("routes/a"));
        awaitSize(heard, 3);
        assertEquals(List.of("routes/a"), heard.subList(0, 1));
        assertEquals(java.util.Set.of("routes/a", "routes/b"), java.util.Set.copyOf(heard.subList(1, 3)));
        watch.close();
        store.put("routes/c", bytes("1"));
        Thread.sleep(300);
        assertEquals(3, heard.size(), "closed: no more");
    }

    @Test
    void aLeaseIsHeldByOneAtATimeAndANewerOneHasAGreaterToken() throws Exception {
        Lease first = store.tryAcquire("certs/order/a.example.com", Duration.ofSeconds(30)).orElseThrow();
        assertTrue(store.tryAcquire("certs/order/a.example.com", Duration.ofSeconds(30)).isEmpty(), "held");
        assertTrue(store.tryAcquire("certs/order/b.example.com", Duration.ofSeconds(30)).isPresent(), "names are apart");
        store.release(first);
        Lease second = store.tryAcquire("certs/order/a.example.com", Duration.ofSeconds(30)).orElseThrow();
        assertTrue(second.token() > first.token(), first + " then " + second);
    }

    @Test
    void aLapsedLeaseIsTakenOverAndItsHoldersLateWriteIsRefused() throws Exception {
        Lease old = store.tryAcquire("sweep", Duration.ofMillis(300)).orElseThrow();
        store.commit(new WriteBatch().put("work", bytes("old holder, in time")), old);
        Thread.sleep(600);
        Lease taken = store.tryAcquire("sweep", Duration.ofSeconds(30)).orElseThrow();
        assertTrue(taken.token() > old.token());
        assertThrows(LeaseLostException.class, () -> store.commit(new WriteBatch().put("work", bytes("old holder, late")), old));
        assertArrayEquals(bytes("old holder, in time"), store.get("work").orElseThrow(), "nothing of the refused batch");
        assertTrue(store.renew(old, Duration.ofSeconds(30)).isEmpty(), "the old holder cannot renew it back");
        store.release(old);
        assertTrue(store.tryAcquire("sweep", Duration.ofSeconds(30)).isEmpty(), "releasing a lost lease leaves the new one");
        store.commit(new WriteBatch().put("work", bytes("new holder")), taken);
        assertArrayEquals(bytes("new holder"), store.get("work").orElseThrow());
    }

    @Test
    void aRenewedLeaseOutlivesItsFirstTtl() throws Exception {
        Lease lease = store.tryAcquire("sweep", Duration.ofMillis(400)).orElseThrow();
        for (int i = 0; i < 4; i++) {
            Thread.sleep(150);
            lease = store.renew(lease, Duration.ofMillis(400)).orElseThrow();
        }
        assertTrue(store.tryAcquire("sweep", Duration.ofSeconds(1)).isEmpty(), "still held after 600 ms of a 400 ms TTL");
    }

    @Test
    void tokensKeepGrowingThroughAnotherHandle() throws Exception {
        Lease before = store.tryAcquire("sweep", Duration.ofSeconds(30)).orElseThrow();
        store.release(before);
        store.close();
        store = openAgain();
        Lease after = store.tryAcquire("sweep", Duration.ofSeconds(30)).orElseThrow();
        assertTrue(after.token() > before.token(), before + " then " + after);
    }

    static void awaitSize(List<String> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(size, list.size(), "heard: " + list);
    }
}
