package dev.helyos.plugins.store.mapdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.plugin.api.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbStoreTest {
    @TempDir
    Path dir;
    Path file;
    MapDbStore store;

    @BeforeEach
    void open() {
        file = dir.resolve("state.db");
        store = MapDbStore.open(file);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static String s(Optional<byte[]> v) {
        return v.map(bytes -> new String(bytes, UTF_8)).orElse(null);
    }

    @Test
    void putGetDeleteRoundTrip() {
        assertTrue(store.get("tokens/ci").isEmpty());
        store.put("tokens/ci", b("hash1"));
        assertEquals("hash1", s(store.get("tokens/ci")));
        store.put("tokens/ci", b("hash2"));
        assertEquals("hash2", s(store.get("tokens/ci")));
        assertTrue(store.delete("tokens/ci"));
        assertTrue(store.get("tokens/ci").isEmpty());
        assertFalse(store.delete("tokens/ci"));
    }

    @Test
    void getAndListReturnCopies() {
        byte[] input = b("abc");
        store.put("k", input);
        input[0] = 'X';
        assertEquals("abc", s(store.get("k")), "put must copy its argument");

        store.get("k").orElseThrow()[0] = 'Y';
        store.list("").get("k")[1] = 'Z';
        assertEquals("abc", s(store.get("k")));
    }

    @Test
    void listReturnsOnlyKeysWithPrefixInOrder() {
        for (String key : List.of("tokens0", "token", "tokens/b", "routes/x", "tokens/a", "tokens/", "tokens/c/d", "u")) {
            store.put(key, b("v-" + key));
        }
        SortedMap<String, byte[]> tokens = store.list("tokens/");
        assertEquals(List.of("tokens/", "tokens/a", "tokens/b", "tokens/c/d"), new ArrayList<>(tokens.keySet()));
        assertEquals("v-tokens/b", new String(tokens.get("tokens/b"), UTF_8));
        assertEquals(List.of("routes/x"), new ArrayList<>(store.list("routes/").keySet()));
        assertTrue(store.list("nothing/").isEmpty());
        assertEquals(8, store.list("").size());
    }

    @Test
    void compareAndSetFromAbsentSucceedsOnce() {
        assertTrue(store.compareAndSet("lock", null, b("a")));
        assertFalse(store.compareAndSet("lock", null, b("b")));
        assertEquals("a", s(store.get("lock")));
    }

    @Test
    void compareAndSetWithWrongExpectedLeavesValue() {
        store.put("k", b("one"));
        assertFalse(store.compareAndSet("k", b("two"), b("three")));
        assertFalse(store.compareAndSet("missing", b("one"), b("three")));
        assertEquals("one", s(store.get("k")));
        assertTrue(store.get("missing").isEmpty());
        assertTrue(store.compareAndSet("k", b("one"), b("three")));
        assertEquals("three", s(store.get("k")));
    }

    @Test
    void compareAndSetWithNullUpdateDeletes() {
        store.put("k", b("one"));
        assertTrue(store.compareAndSet("k", b("one"), null));
        assertTrue(store.get("k").isEmpty());
        assertFalse(store.compareAndSet("k", b("one"), null));
    }

    @Test
    void commitAppliesPutsAndDeletesTogether() {
        store.put("a", b("1"));
        store.put("b", b("2"));
        store.commit(new WriteBatch().put("c", b("3")).delete("a").put("b", b("22")));
        assertTrue(store.get("a").isEmpty());
        assertEquals("22", s(store.get("b")));
        assertEquals("3", s(store.get("c")));
        assertEquals(List.of("b", "c"), new ArrayList<>(store.list("").keySet()));
    }

    @Test
    void watchSeesMatchingKeysUntilClosed() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        AutoCloseable handle = store.watch("routes/", seen::add);
        store.put("routes/a", b("1"));
        store.put("tokens/a", b("1"));
        store.put("routesX", b("1"));
        assertEquals(List.of("routes/a"), seen);

        store.commit(new WriteBatch().put("routes/b", b("2")).delete("routes/a").put("tokens/b", b("2")));
        // the order of keys within one batch is not part of the contract
        assertEquals(Set.of("routes/a", "routes/b"), Set.copyOf(seen.subList(1, seen.size())));
        assertEquals(3, seen.size(), seen::toString);

        store.delete("routes/b");
        assertEquals("routes/b", seen.get(3));
        assertEquals(4, seen.size(), seen::toString);

        handle.close();
        store.put("routes/c", b("3"));
        store.delete("routes/c");
        assertEquals(4, seen.size(), () -> "no notification after the handle is closed: " + seen);
    }

    @Test
    void dataSurvivesCloseAndReopen() {
        store.put("tokens/ci", b("h"));
        store.commit(new WriteBatch().put("routes/a", b("r")).put("routes/b", b("s")));
        store.delete("routes/b");
        store.close();
        store = MapDbStore.open(file);
        assertEquals("h", s(store.get("tokens/ci")));
        assertEquals("r", s(store.get("routes/a")));
        assertTrue(store.get("routes/b").isEmpty());
        assertEquals(2, store.list("").size());
    }

    @Test
    void concurrentCompareAndSetIncrementsAreNotLost() throws Exception {
        int threads = 8;
        int perThread = 200;
        store.put("counter", b("0"));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    int retries = 0;
                    for (int i = 0; i < perThread; i++) {
                        while (true) {
                            byte[] current = store.get("counter").orElseThrow();
                            byte[] next = b(Integer.toString(Integer.parseInt(new String(current, UTF_8)) + 1));
                            if (store.compareAndSet("counter", current, next)) {
                                break;
                            }
                            retries++;
                        }
                    }
                    return retries;
                }));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Integer.toString(threads * perThread), s(store.get("counter")));
    }
}
