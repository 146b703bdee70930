package dev.helyos.kernel.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.kernel.store.Records;
import dev.helyos.plugin.api.StateStore;
import dev.helyos.plugin.api.WriteBatch;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The last {@value #KEEP} events, in the store (so a restart keeps them) under increasing ids, and
 * the subscribers that follow new ones. Each event and the removal of the one that falls out of the
 * window are one store commit.
 */
public final class EventLog {
    public static final int KEEP = 1000;
    public static final Set<String> TYPES = Set.of("cert", "route", "pod", "deploy", "proxy");
    private static final Logger LOG = Logger.getLogger(EventLog.class.getName());
    private static final String PREFIX = "events/";

    private final StateStore store;
    private final Records<Event> records;
    private final Clock clock;
    private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();
    private long nextId;

    public EventLog(StateStore store, ObjectMapper json, Clock clock) {
        this.store = store;
        this.records = new Records<>(store, json, Event.class, PREFIX);
        this.clock = clock;
        var stored = store.list(PREFIX);
        this.nextId = stored.isEmpty() ? 1 : Long.parseLong(stored.lastKey().substring(PREFIX.length())) + 1;
    }

    private static String name(long id) {
        return String.format("%019d", id);
    }

    /** Stores the event and tells the subscribers; a store failure is logged, never thrown at the caller. */
    public void publish(String type, String action, String subject, String project, String message) {
        Event event;
        synchronized (this) {
            event = new Event(nextId, clock.instant().toString(), type, action, subject, project, message);
            WriteBatch batch = new WriteBatch().put(records.key(name(event.id())), records.encode(event));
            if (event.id() > KEEP) {
                batch.delete(records.key(name(event.id() - KEEP)));
            }
            try {
                store.commit(batch);
            } catch (RuntimeException e) {
                LOG.warning("event " + type + " " + action + " " + subject + " not stored: " + e.getMessage());
                return;
            }
            nextId++;
            for (Consumer<Event> subscriber : subscribers) {
                subscriber.accept(event);
            }
        }
    }

    /** Stored events after {@code since} (0: all kept), of {@code type} (null: any), oldest first. */
    public List<Event> list(long since, String type) {
        return records.list("").stream()
                .filter(e -> e.id() > since && (type == null || e.type().equals(type)))
                .toList();
    }

    /** Calls {@code subscriber} with every new event, in order, until the returned handle is closed. */
    public AutoCloseable subscribe(Consumer<Event> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public int subscribers() {
        return subscribers.size();
    }
}
