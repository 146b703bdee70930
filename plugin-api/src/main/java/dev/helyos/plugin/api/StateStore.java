package dev.helyos.plugin.api;

import java.time.Duration;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Consumer;

/**
 * The daemon's state: byte values under namespaced string keys ({@code tokens/ci},
 * {@code routes/api.example.com}). Every write is durable when the method returns: a crash after
 * that must not lose it, and a crash at any moment must leave a store that opens and reads.
 * Implementations are safe for concurrent use.
 *
 * <p>Leases, like certmagic's {@code Locker} but with fencing: work that must happen once among every
 * helyosd on a shared store runs under a {@link Lease}. {@link #tryAcquire} takes it when nobody holds it
 * or its holder let it lapse; the holder {@link #renew}s it while the work lasts (about every third of
 * its TTL) and {@link #release}s it when done. A holder that stops renewing (crashed, paused, cut off)
 * loses it after the TTL, and another takes it with a greater token; the writes of the old holder made
 * with {@link #commit(WriteBatch, Lease)} are then refused, so a node that wakes up late cannot
 * overwrite the work of the one that took over. Expiry is judged by the store's clock (the database's
 * for a shared store), never by the caller's. A store used by one process may keep leases in that
 * process, but its tokens must still only grow across restarts.
 */
public interface StateStore extends AutoCloseable {

    Optional<byte[]> get(String key);

    /** Stores {@code value} under {@code key}, replacing what was there. */
    void put(String key, byte[] value);

    /** Removes {@code key}; returns whether it was present. */
    boolean delete(String key);

    /**
     * Atomically replaces the value of {@code key} when it currently equals {@code expected}
     * (byte content, {@code null} meaning absent). {@code update == null} deletes the key.
     *
     * @return whether the swap happened
     */
    boolean compareAndSet(String key, byte[] expected, byte[] update);

    /** Applies every write of the batch, or none of them. */
    void commit(WriteBatch batch);

    /** Every key starting with {@code prefix}, in key order, with its value. */
    SortedMap<String, byte[]> list(String prefix);

    /**
     * Calls {@code listener} with the key after each committed change of a key starting with
     * {@code prefix}, made by this process or (for shared stores) by another node.
     *
     * @return closing it stops the notifications
     */
    AutoCloseable watch(String prefix, Consumer<String> listener);

    /**
     * Takes the lease {@code name} for {@code ttl} unless another holder's lease of that name is still
     * running (not expired). The token is greater than that of every earlier lease of this name.
     *
     * @return the lease, or empty when it is held
     */
    Optional<Lease> tryAcquire(String name, Duration ttl);

    /**
     * Extends {@code lease} to {@code ttl} from now, when it is still the newest of its name (it may
     * have expired, as long as nobody took it since).
     *
     * @return the renewed lease, or empty when it was lost (stop the work)
     */
    Optional<Lease> renew(Lease lease, Duration ttl);

    /** Gives {@code lease} up before its TTL, so that the next holder need not wait; a lease already lost is left alone. */
    void release(Lease lease);

    /**
     * Applies every write of the batch, or none, when {@code lease} is still the newest of its name.
     *
     * @throws LeaseLostException when a newer lease of the name exists (nothing is written)
     */
    void commit(WriteBatch batch, Lease lease);

    /** Flushes and releases the store. */
    @Override
    void close();
}
