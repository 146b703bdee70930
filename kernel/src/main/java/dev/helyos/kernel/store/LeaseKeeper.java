package dev.helyos.kernel.store;

import dev.helyos.plugin.api.Lease;
import dev.helyos.plugin.api.StateStore;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Holds a lease while a piece of work runs: renews it every third of its TTL on a thread of its own
 * and releases it when closed. When a renewal finds the lease lost (this node paused past the TTL,
 * or lost the store), {@link #lease()} keeps the old one, whose writes the store then refuses.
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class.getName());
    private final StateStore store;
    private final Duration ttl;
    private final Thread renewer;
    private volatile Lease lease;
    private volatile boolean lost;

    private LeaseKeeper(StateStore store, Lease lease, Duration ttl) {
        this.store = store;
        this.lease = lease;
        this.ttl = ttl;
        this.renewer = Thread.ofVirtual().name("lease " + lease.name()).start(this::renewUntilClosed);
    }

    /** Takes {@code name} for {@code ttl} and keeps it; empty when another holder has it. */
    public static Optional<LeaseKeeper> tryHold(StateStore store, String name, Duration ttl) {
        return store.tryAcquire(name, ttl).map(lease -> new LeaseKeeper(store, lease, ttl));
    }

    public Lease lease() {
        return lease;
    }

    /** Whether a renewal found the lease taken over. */
    public boolean lost() {
        return lost;
    }

    private void renewUntilClosed() {
        try {
            while (!lost) {
                Thread.sleep(Math.max(10, ttl.toMillis() / 3));
                try {
                    Optional<Lease> renewed = store.renew(lease, ttl);
                    if (renewed.isEmpty()) {
                        lost = true;
                        LOG.warning("lease " + lease.name() + " was taken over by another node; its work here will not be stored");
                    } else {
                        lease = renewed.get();
                    }
                } catch (RuntimeException e) {
                    LOG.info(() -> "renewing lease " + lease.name() + " failed (" + e.getMessage() + "); trying again");
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    @Override
    public void close() {
        renewer.interrupt();
        try {
            renewer.join(1000);
            if (!lost) {
                store.release(lease);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.info(() -> "releasing lease " + lease.name() + " failed (" + e.getMessage() + "); it lapses after its TTL");
        }
    }
}
