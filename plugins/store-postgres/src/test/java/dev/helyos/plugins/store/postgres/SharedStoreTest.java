package dev.helyos.plugins.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.plugin.api.Lease;
import dev.helyos.plugin.api.LeaseLostException;
import dev.helyos.plugin.api.StoreException;
import dev.helyos.plugin.api.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one database, as two helyosd processes would be: what one commits reaches the other's
 * watches in commit order, also across a lost listening connection; compare-and-set and leases decide
 * between them; nodes starting together migrate the schema once.
 */
class SharedStoreTest {
    TestDatabase database;
    PostgresStore one;
    PostgresStore two;

    @BeforeEach
    void open() throws Exception {
        database = new TestDatabase();
        one = database.open();
        two = database.open();
    }

    @AfterEach
    void close() throws Exception {
        one.close();
        two.close();
        database.close();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aWriteOnOneNodeReachesTheOthersWatchesInCommitOrder() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        one.watch("routes/", heard::add);
        for (int i = 0; i < 50; i++) {
            two.put("routes/" + i, bytes("v" + i));
        }
        await(heard, 50);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add("routes/" + i);
        }
        assertEquals(expected, heard);
        assertEquals("v49", new String(one.get("routes/49").orElseThrow(), StandardCharsets.UTF_8));
    }

    @Test
    void aLostListeningConnectionMissesNoChangeAndRepeatsNone() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        one.watch("burst/", heard::add);
        int writes = 400;
        try (ExecutorService writer = Executors.newSingleThreadExecutor()) {
            Future<?> burst = writer.submit(() -> {
                for (int i = 0; i < writes; i++) {
                    two.put("burst/" + String.format("%04d", i), bytes(Integer.toString(i)));
                }
                return null;
            });
            int terminated = 0;
            while (!burst.isDone()) {
                Thread.sleep(150);
                terminated += database.terminateChangeFeeds();
            }
            burst.get();
            assertTrue(terminated >= 2, "the listening backends were ended " + terminated + " times during the burst");
        }
        await(heard, writes);
        for (int i = 0; i < writes; i++) {
            assertEquals("burst/" + String.format("%04d", i), heard.get(i), "change " + i + " in order, once");
        }
        Thread.sleep(1500);
        assertEquals(writes, heard.size(), "nothing repeated after the reconnects");
    }

    @Test
    void ofTwoNodesCreatingOneKeyAtOnceExactlyOneWins() throws Exception {
        for (int round = 0; round < 20; round++) {
            String key = "tokens/ci-" + round;
            AtomicInteger wins = new AtomicInteger();
            try (ExecutorService both = Executors.newFixedThreadPool(2)) {
                for (PostgresStore node : List.of(one, two)) {
                    both.submit(() -> {
                        if (node.compareAndSet(key, null, bytes(node == one ? "one" : "two"))) {
                            wins.incrementAndGet();
                        }
                    });
                }
            }
            assertEquals(1, wins.get(), key);
        }
    }

    @Test
    void aLeaseTakenOnOneNodeIsHeldAgainstTheOtherAndFencesItsLateWrites() throws Exception {
        Lease onOne = one.tryAcquire("certs/order/a.example.com", Duration.ofMillis(500)).orElseThrow();
        assertTrue(two.tryAcquire("certs/order/a.example.com", Duration.ofSeconds(30)).isEmpty(), "held by node one");
        Thread.sleep(800); // node one paused past its TTL
        Lease onTwo = two.tryAcquire("certs/order/a.example.com", Duration.ofSeconds(30)).orElseThrow();
        assertTrue(onTwo.token() > onOne.token());
        two.commit(new WriteBatch().put("certs/a.example.com", bytes("from two")), onTwo);
        assertThrows(LeaseLostException.class, () -> one.commit(new WriteBatch().put("certs/a.example.com", bytes("late, from one")), onOne));
        assertEquals("from two", new String(one.get("certs/a.example.com").orElseThrow(), StandardCharsets.UTF_8));
    }

    @Test
    void nodesStartingTogetherOnAnEmptyDatabaseMigrateItOnce() throws Exception {
        try (TestDatabase fresh = new TestDatabase(); ExecutorService starts = Executors.newFixedThreadPool(4)) {
            List<Future<PostgresStore>> nodes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                nodes.add(starts.submit(fresh::open));
            }
            for (Future<PostgresStore> node : nodes) {
                try (PostgresStore store = node.get()) {
                    store.put("k", bytes("v"));
                }
            }
        }
    }

    @Test
    void anUnreachableServerIsAClearErrorWithoutThePassword() throws Exception {
        Map<String, String> options = Map.of("url", "jdbc:postgresql://127.0.0.1:1/helyos", "user", "helyos",
                "password-file", System.getenv("HELYOS_TEST_PG_PASSWORD_FILE"));
        StoreException e = assertThrows(StoreException.class, () -> PostgresStore.open(PostgresOptions.parse(options, null)));
        assertTrue(e.getMessage().startsWith("cannot open the postgres store at jdbc:postgresql://127.0.0.1:1/helyos: "), e.getMessage());
        assertFalse(e.getMessage().contains(TestDatabase.password()), "no password in the message");
    }

    @Test
    void badOptionsAreRefusedByName() {
        StoreException unknown = assertThrows(StoreException.class, () -> PostgresOptions.parse(Map.of("url", "jdbc:postgresql://x/y",
                "password", "secret"), null));
        assertTrue(unknown.getMessage().startsWith("--store-opt password is not an option of the postgres store"), unknown.getMessage());
        assertFalse(unknown.getMessage().contains("secret"));
        StoreException inUrl = assertThrows(StoreException.class,
                () -> PostgresOptions.parse(Map.of("url", "jdbc:postgresql://x/y?password=secret"), null));
        assertFalse(inUrl.getMessage().contains("secret"), inUrl.getMessage());
        assertThrows(StoreException.class, () -> PostgresOptions.parse(Map.of(), null), "url is required");
        assertThrows(StoreException.class, () -> PostgresOptions.parse(Map.of("url", "jdbc:mysql://x/y"), null));
        assertEquals("from-env", PostgresOptions.parse(Map.of("url", "jdbc:postgresql://x/y"), "from-env").password());
        assertFalse(PostgresOptions.parse(Map.of("url", "jdbc:postgresql://x/y"), "from-env").toString().contains("from-env"));
    }

    static void await(List<String> heard, int size) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (heard.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(size, heard.size(), "heard " + heard.size() + " of " + size);
    }
}
