package dev.helyos.plugin.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The lease half of {@link StateStore} for a store that lives in one process and forgets everything
 * at a restart (a memory store): tokens grow per name for as long as the process runs. A store that
 * keeps its data across restarts must keep its tokens too, and cannot use this.
 */
public final class LocalLeases {
    private record Held(long token, Instant expiresAt) {
    }

    private final Clock clock;
    private final Map<String, Held> leases = new HashMap<>();

    public LocalLeases(Clock clock) {
        this.clock = clock;
    }

    public synchronized Optional<Lease> tryAcquire(String name, Duration ttl) {
        Instant now = clock.instant();
        Held current = leases.get(name);
        if (current != null && current.expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(hold(name, current == null ? 1 : current.token() + 1, now.plus(ttl)));
    }

    public synchronized Optional<Lease> renew(Lease lease, Duration ttl) {
        return newest(lease) ? Optional.of(hold(lease.name(), lease.token(), clock.instant().plus(ttl))) : Optional.empty();
    }

    public synchronized void release(Lease lease) {
        if (newest(lease)) {
            hold(lease.name(), lease.token(), clock.instant());
        }
    }

    /** Runs {@code write} while {@code lease} is the newest of its name, with no takeover meanwhile. */
    public synchronized void whileNewest(Lease lease, Runnable write) {
        if (!newest(lease)) {
            throw new LeaseLostException("lease " + lease.name() + " (token " + lease.token() + ") was taken over; nothing written");
        }
        write.run();
    }

    private boolean newest(Lease lease) {
        Held current = leases.get(lease.name());
        return current != null && current.token() == lease.token();
    }

    private Lease hold(String name, long token, Instant expiresAt) {
        leases.put(name, new Held(token, expiresAt));
        return new Lease(name, token, expiresAt);
    }
}
