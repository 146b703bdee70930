package org.example.helyos.memstore;

import dev.helyos.plugin.api.Lease;
import dev.helyos.plugin.api.LocalLeases;
import dev.helyos.plugin.api.StateStore;
import dev.helyos.plugin.api.StateStoreProvider;
import dev.helyos.plugin.api.StoreContext;
import dev.helyos.plugin.api.WriteBatch;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.pf4j.Extension;

/** {@code --store memory}: nothing survives a restart; for experiments and tests. */
@Extension
public class MemoryStoreProvider implements StateStoreProvider {

    @Override
    public String id() {
        return "memory";
    }

    @Override
    public StateStore open(StoreContext context) {
        return new MemoryStore();
    }

    static final class MemoryStore implements StateStore {
        private final ConcurrentSkipListMap<String, byte[]> map = new ConcurrentSkipListMap<>();
        private final CopyOnWriteArrayList<Map.Entry<String, Consumer<String>>> watches = new CopyOnWriteArrayList<>();

        @Override
        public Optional<byte[]> get(String key) {
            return Optional.ofNullable(map.get(key)).map(byte[]::clone);
        }

        @Override
        public synchronized void put(String key, byte[] value) {
            map.put(key, value.clone());
            fire(key);
        }

        @Override
        public synchronized boolean delete(String key) {
            boolean removed = map.remove(key) != null;
            fire(key);
            return removed;
        }

        @Override
        public synchronized boolean compareAndSet(String key, byte[] expected, byte[] update) {
            byte[] current = map.get(key);
            if (expected == null ? current != null : current == null || !Arrays.equals(current, expected)) {
                return false;
            }
            if (update == null) {
                map.remove(key);
            } else {
                map.put(key, update.clone());
            }
            fire(key);
            return true;
        }

        @Override
        public synchronized void commit(WriteBatch batch) {
            batch.puts().forEach((k, v) -> map.put(k, v.clone()));
            batch.deletes().forEach(map::remove);
            batch.puts().keySet().forEach(this::fire);
            batch.deletes().forEach(this::fire);
        }

        @Override
        public SortedMap<String, byte[]> list(String prefix) {
            SortedMap<String, byte[]> out = new TreeMap<>();
            map.tailMap(prefix).entrySet().stream().takeWhile(e -> e.getKey().startsWith(prefix))
                    .forEach(e -> out.put(e.getKey(), e.getValue().clone()));
            return out;
        }

        @Override
        public AutoCloseable watch(String prefix, Consumer<String> listener) {
            Map.Entry<String, Consumer<String>> watch = Map.entry(prefix, listener);
            watches.add(watch);
            return () -> watches.remove(watch);
        }

        private void fire(String key) {
            watches.stream().filter(w -> key.startsWith(w.getKey())).forEach(w -> w.getValue().accept(key));
        }

        private final LocalLeases leases = new LocalLeases(java.time.Clock.systemUTC());

        @Override
        public Optional<Lease> tryAcquire(String name, java.time.Duration ttl) {
            return leases.tryAcquire(name, ttl);
        }

        @Override
        public Optional<Lease> renew(Lease lease, java.time.Duration ttl) {
            return leases.renew(lease, ttl);
        }

        @Override
        public void release(Lease lease) {
            leases.release(lease);
        }

        @Override
        public void commit(WriteBatch batch, Lease lease) {
            leases.whileNewest(lease, () -> commit(batch));
        }

        @Override
        public void close() {
            map.clear();
        }
    }
}
