package dev.helyos.kernel;

import dev.helyos.plugin.api.Lease;
import dev.helyos.plugin.api.LocalLeases;
import dev.helyos.plugin.api.StateStore;
import dev.helyos.plugin.api.WriteBatch;
import java.util.Arrays;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A store in memory that counts reads and writes. */
public final class CountingStore implements StateStore {
    public final TreeMap<String, byte[]> map = new TreeMap<>();
    final CopyOnWriteArrayList<Object[]> watches = new CopyOnWriteArrayList<>();
    public final AtomicInteger reads = new AtomicInteger();
    public final AtomicInteger writes = new AtomicInteger();
    public volatile boolean notify = true;
    /** False: renewals fail, as for a node stalled past its leases. */
    public volatile boolean renewLeases = true;

    public synchronized Optional<byte[]> get(String key) {
        reads.incrementAndGet();
        return Optional.ofNullable(map.get(key)).map(byte[]::clone);
    }

    public void put(String key, byte[] value) {
        commit(new WriteBatch().put(key, value));
    }

    public boolean delete(String key) {
        boolean present;
        synchronized (this) {
            present = map.containsKey(key);
        }
        commit(new WriteBatch().delete(key));
        return present;
    }

    public boolean compareAndSet(String key, byte[] expected, byte[] update) {
        reads.incrementAndGet(); // a compare is a read
        synchronized (this) {
            byte[] current = map.get(key);
            if (expected == null ? current != null : !Arrays.equals(current, expected)) {
                return false;
            }
        }
        commit(update == null ? new WriteBatch().delete(key) : new WriteBatch().put(key, update));
        return true;
    }

    public void commit(WriteBatch batch) {
        synchronized (this) {
            writes.incrementAndGet();
            map.putAll(batch.puts());
            batch.deletes().forEach(map::remove);
        }
        batch.puts().keySet().forEach(this::fire);
        batch.deletes().forEach(this::fire);
    }

    @SuppressWarnings("unchecked")
    private void fire(String key) {
        if (!notify) {
            return;
        }
        for (Object[] w : watches) {
            if (key.startsWith((String) w[0])) {
                ((Consumer<String>) w[1]).accept(key);
            }
        }
    }

    public synchronized SortedMap<String, byte[]> list(String prefix) {
        reads.incrementAndGet();
        return new TreeMap<>(map.subMap(prefix, prefix + Character.MAX_VALUE));
    }

    public AutoCloseable watch(String prefix, Consumer<String> listener) {
        Object[] w = {prefix, listener};
        watches.add(w);
        return () -> watches.remove(w);
    }

    private final LocalLeases leases = new LocalLeases(java.time.Clock.systemUTC());

    @Override
    public Optional<Lease> tryAcquire(String name, java.time.Duration ttl) {
        return leases.tryAcquire(name, ttl);
    }

    @Override
    public Optional<Lease> renew(Lease lease, java.time.Duration ttl) {
        return renewLeases ? leases.renew(lease, ttl) : Optional.empty();
    }

    @Override
    public void release(Lease lease) {
        leases.release(lease);
    }

    @Override
    public void commit(WriteBatch batch, Lease lease) {
        leases.whileNewest(lease, () -> commit(batch));
    }

    public void close() {
    }
}
