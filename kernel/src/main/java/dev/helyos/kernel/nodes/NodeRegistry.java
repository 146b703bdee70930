package dev.helyos.kernel.nodes;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.kernel.errors.Refused;
import dev.helyos.kernel.store.Records;
import dev.helyos.plugin.api.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The helyosd nodes on one store: this node writes its heartbeat record every interval, and a node
 * whose record is older than three of its intervals is {@code down}. Times are each node's own clock,
 * so nodes are expected to keep theirs in sync (NTP).
 */
public final class NodeRegistry implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeRegistry.class.getName());
    static final int MISSED_BEATS = 3;
    private static final String PREFIX = "nodes/";

    private final Records<NodeRecord> records;
    private final Clock clock;
    private final Supplier<NodeRecord> self;
    private final Duration interval;
    private Thread thread;

    /** A node as the API shows it: its record and whether it is {@code up} or {@code down}. */
    public record View(String name, String status, String address, String version, List<String> plugins,
                       String proxyBackend, String startedAt, String lastSeen) {
    }

    /** @param self this node's record as of now (its last-seen time is set here) */
    public NodeRegistry(StateStore store, ObjectMapper json, Clock clock, Duration interval, Supplier<NodeRecord> self) {
        this.records = new Records<>(store, json, NodeRecord.class, PREFIX);
        this.clock = clock;
        this.interval = interval;
        this.self = self;
    }

    /** Whether a node named {@code name} has ever written its heartbeat to {@code store} (up or down). */
    public static boolean joined(StateStore store, String name) {
        return store.get(PREFIX + name).isPresent();
    }

    /** Writes the first heartbeat at once, then one every interval. */
    public void start() {
        beat();
        thread = Thread.ofPlatform().daemon().name("node heartbeat").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(interval.toMillis());
                    try {
                        beat();
                    } catch (RuntimeException e) {
                        LOG.warning("node heartbeat not written: " + e.getMessage());
                    }
                }
            } catch (InterruptedException e) {
                // closed
            }
        });
    }

    void beat() {
        NodeRecord now = self.get();
        records.put(now.name(), new NodeRecord(now.name(), now.address(), now.version(), now.plugins(), now.proxyBackend(),
                now.startedAt(), clock.instant().truncatedTo(ChronoUnit.MILLIS).toString(), interval.toMillis()));
    }

    public List<View> list() {
        Instant now = clock.instant();
        return records.list("").stream().sorted(Comparator.comparing(NodeRecord::name)).map(r -> view(r, now)).toList();
    }

    public View get(String name) {
        return records.get(name).map(r -> view(r, clock.instant()))
                .orElseThrow(() -> Refused.notFound("node not found: " + Refused.shorten(name)));
    }

    static View view(NodeRecord r, Instant now) {
        Instant lastSeen = Instant.parse(r.lastSeen());
        boolean down = Duration.between(lastSeen, now).toMillis() > MISSED_BEATS * r.heartbeatMillis();
        return new View(r.name(), down ? "down" : "up", r.address(), r.version(), r.plugins(), r.proxyBackend(),
                r.startedAt(), r.lastSeen());
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
