package dev.helyos.plugins.store.mapdb;

import dev.helyos.plugin.api.StateStore;
import dev.helyos.plugin.api.StoreException;
import dev.helyos.plugin.api.WriteBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * A MapDB file with its write-ahead log enabled: each write is committed (and fsynced) before the
 * call returns, and after a crash MapDB replays the log on open. Writes are serialised by one lock,
 * which also makes compare-and-set and batches atomic within this process; MapDB's file lock keeps
 * a second process out.
 */
final class MapDbStore implements StateStore {
    private final Path file;
    private final DB db;
    private final BTreeMap<String, byte[]> map;
    private final Object writeLock = new Object();
    private final CopyOnWriteArrayList<Watch> watches = new CopyOnWriteArrayList<>();

    private MapDbStore(Path file, DB db, BTreeMap<String, byte[]> map) {
        this.file = file;
        this.db = db;
        this.map = map;
    }

    static MapDbStore open(Path file) {
        if (Files.exists(file) && !Files.isReadable(file)) {
            throw new StoreException("cannot read store file " + file + ": permission denied");
        }
        DB db;
        try {
            db = DBMaker.fileDB(file.toFile())
                    .transactionEnable()
                    .fileChannelEnable()
                    .make();
        } catch (RuntimeException e) {
            throw new StoreException(describeOpenFailure(file, e), e);
        }
        try {
            BTreeMap<String, byte[]> map = db.treeMap("state", Serializer.STRING, Serializer.BYTE_ARRAY)
                    .createOrOpen();
            map.size(); // walk the tree once so a damaged index fails here, not on first use
            db.commit();
            return new MapDbStore(file, db, map);
        } catch (RuntimeException e) {
            try {
                db.close();
            } catch (RuntimeException ignored) {
                // already failing; the open error is the one to report
            }
            throw new StoreException(describeOpenFailure(file, e), e);
        }
    }

    private static String describeOpenFailure(Path file, RuntimeException e) {
        String why = String.valueOf(e.getMessage());
        if (why.toLowerCase().contains("lock")) {
            return "store file " + file + " is locked by another process (is another helyosd running on this data directory?)";
        }
        return "store file " + file + " is unreadable or corrupt (" + e.getClass().getSimpleName() + ": " + why
                + "); it was left untouched — restore it from a backup or move it aside to start empty";
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(map.get(key)).map(byte[]::clone);
    }

    @Override
    public void put(String key, byte[] value) {
        commit(new WriteBatch().put(key, value));
    }

    @Override
    public boolean delete(String key) {
        synchronized (writeLock) {
            if (!map.containsKey(key)) {
                return false;
            }
            commit(new WriteBatch().delete(key));
            return true;
        }
    }

    @Override
    public boolean compareAndSet(String key, byte[] expected, byte[] update) {
        synchronized (writeLock) {
            byte[] current = map.get(key);
            boolean matches = expected == null ? current == null : current != null && Arrays.equals(current, expected);
            if (!matches) {
                return false;
            }
            WriteBatch batch = new WriteBatch();
            if (update == null) {
                batch.delete(key);
            } else {
                batch.put(key, update);
            }
            commit(batch);
            return true;
        }
    }

    @Override
    public void commit(WriteBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        synchronized (writeLock) {
            try {
                for (Map.Entry<String, byte[]> put : batch.puts().entrySet()) {
                    map.put(put.getKey(), put.getValue());
                }
                for (String key : batch.deletes()) {
                    map.remove(key);
                }
                db.commit();
            } catch (RuntimeException e) {
                db.rollback();
                throw new StoreException("write to store file " + file + " failed: " + e.getMessage(), e);
            }
        }
        batch.puts().keySet().forEach(this::notifyWatches);
        batch.deletes().forEach(this::notifyWatches);
    }

    @Override
    public SortedMap<String, byte[]> list(String prefix) {
        SortedMap<String, byte[]> out = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : map.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            out.put(e.getKey(), e.getValue().clone());
        }
        return out;
    }

    @Override
    public AutoCloseable watch(String prefix, Consumer<String> listener) {
        Watch watch = new Watch(prefix, listener);
        watches.add(watch);
        return () -> watches.remove(watch);
    }

    private void notifyWatches(String key) {
        for (Watch watch : watches) {
            if (key.startsWith(watch.prefix())) {
                watch.listener().accept(key);
            }
        }
    }

    @Override
    public void close() {
        synchronized (writeLock) {
            if (!db.isClosed()) {
                db.close();
            }
        }
    }

    private record Watch(String prefix, Consumer<String> listener) {
    }
}
