package dev.helyos.kernel.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.helyos.kernel.CountingStore;
import dev.helyos.kernel.MovableClock;
import dev.helyos.kernel.config.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogTest {
    @Test
    void keepsTheLastThousandWithIncreasingIdsAcrossARestart() {
        CountingStore store = new CountingStore();
        MovableClock clock = new MovableClock();
        EventLog log = new EventLog(store, Json.mapper(), clock);
        for (int i = 0; i < 1005; i++) {
            log.publish("pod", "started", "helyos-shop-web-" + i, "shop", null);
        }
        List<Event> all = log.list(0, null);
        assertEquals(EventLog.KEEP, all.size());
        assertEquals(6, all.getFirst().id());
        assertEquals(1005, all.getLast().id());
        assertEquals(EventLog.KEEP, store.list("events/").size(), "the oldest are deleted from the store too");

        EventLog reopened = new EventLog(store, Json.mapper(), clock);
        reopened.publish("cert", "issued", "api.example.com", "shop", "from acme in 10 ms");
        assertEquals(1006, reopened.list(1005, null).getFirst().id(), "ids go on after a restart");
        assertEquals(List.of("cert"), reopened.list(0, "cert").stream().map(Event::type).toList());
        assertEquals(clock.instant().toString(), reopened.list(1005, null).getFirst().at());
    }

    @Test
    void subscribersGetEveryEventInOrderUntilTheyLetGo() throws Exception {
        EventLog log = new EventLog(new CountingStore(), Json.mapper(), new MovableClock());
        List<Long> seen = new ArrayList<>();
        AutoCloseable subscription = log.subscribe(e -> seen.add(e.id()));
        assertEquals(1, log.subscribers());
        log.publish("route", "applied", "a.example.com", null, null);
        log.publish("route", "failed", "b.example.com", null, "nginx: [emerg] ...");
        subscription.close();
        log.publish("route", "applied", "c.example.com", null, null);
        assertEquals(List.of(1L, 2L), seen);
        assertEquals(0, log.subscribers());
    }
}
