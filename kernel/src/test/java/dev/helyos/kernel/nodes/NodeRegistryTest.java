package dev.helyos.kernel.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.helyos.kernel.CountingStore;
import dev.helyos.kernel.MovableClock;
import dev.helyos.kernel.config.Json;
import dev.helyos.kernel.errors.Refused;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nodes on one store: each one's heartbeat, and a node silent for three of its intervals is down. */
class NodeRegistryTest {
    final MovableClock clock = new MovableClock();
    final CountingStore store = new CountingStore();

    NodeRegistry node(String name, Duration interval) {
        return new NodeRegistry(store, Json.mapper(), clock, interval, () -> new NodeRecord(name, "https://" + name + ":6443", "1.0",
                List.of("store/postgres"), "nginx", "2026-11-28T12:00:00Z", null, 0));
    }

    @Test
    void aNodeSilentForThreeIntervalsIsDownAndComesBackUpWithItsNextBeat() {
        NodeRegistry one = node("one", Duration.ofSeconds(10));
        NodeRegistry two = node("two", Duration.ofSeconds(10));
        one.beat();
        two.beat();
        assertEquals(List.of("one up", "two up"), states(one));

        clock.now = clock.now.plusSeconds(25);
        one.beat();
        assertEquals(List.of("one up", "two up"), states(two), "25 s of silence: still up");
        clock.now = clock.now.plusSeconds(6);
        assertEquals(List.of("one up", "two down"), states(one), "31 s: more than three 10 s beats missed");
        assertEquals("https://two:6443", one.get("two").address());

        two.beat();
        assertEquals(List.of("one up", "two up"), states(one));
        assertThrows(Refused.class, () -> one.get("three"));
    }

    static List<String> states(NodeRegistry registry) {
        return registry.list().stream().map(v -> v.name() + " " + v.status()).toList();
    }
}
