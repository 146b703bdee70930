package dev.helyos.plugins.store.mapdb;

import dev.helyos.plugin.api.Lease;
import dev.helyos.plugin.api.LeaseLostException;
import dev.helyos.plugin.api.StateStore;
import dev.helyos.plugin.api.StoreException;
import dev.helyos.plugin.api.WriteBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.mapdb.BTreeMap;
import org.mapdb.CC;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.Serializer;
import org.mapdb.StoreWAL;
import org.mapdb.volume.ByteArrayVol;
import org.mapdb.volume.FileChannelVol;
import org.mapdb.volume.Volume;
import org.mapdb.volume.VolumeFactory;

/**
 * One MapDB file ({@code StoreWAL}) behind a {@link JournaledVolume}: each write is committed and
 * fsynced before the call returns, and a crash at any moment leaves the last committed state (see
 * {@link JournaledVolume} for why MapDB's own write-ahead log is not enough). Writes are serialised by
 * one lock, which also makes compare-and-set and batches atomic within this process; MapDB's file lock
 * keeps a second process out, and {@link #OPEN} a second open in this one.
 */
final class MapDbStore implements StateStore {
    /**
     * Store files open in this process. A second open must fail before it opens the file: closing any
     * channel on a file drops this process's POSIX lock on it, which would let another process in.
     */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final Path openKey;
    private final DB db;
    private final BTreeMap<String, byte[]> map;
    /** Lease name → its newest token and expiry; kept in the file, so tokens only grow across restarts. */
    private final BTreeMap<String, long[]> leases;
    private final Clock clock;
    private final Object writeLock = new Object();
    private final CopyOnWriteArrayList<Watch> watches = new CopyOnWriteArrayList<>();

    private MapDbStore(Path file, Path openKey, DB db, BTreeMap<String, byte[]> map, BTreeMap<String, long[]> leases, Clock clock) {
        this.file = file;
        this.openKey = openKey;
        this.db = db;
        this.map = map;
        this.leases = leases;
        this.clock = clock;
    }

    static MapDbStore open(Path file) {
        return open(file, UnaryOperator.identity(), Clock.systemUTC());
    }

    static MapDbStore open(Path file, UnaryOperator<Volume> wrapStoreFile) {
        return open(file, wrapStoreFile, Clock.systemUTC());
    }

    /**
     * {@code wrapStoreFile} lets tests interpose on the writes to the store file; {@code clock} judges
     * lease expiry (one process: its own clock is the store's).
     */
    static MapDbStore open(Path file, UnaryOperator<Volume> wrapStoreFile, Clock clock) {
        if (Files.exists(file) && !Files.isReadable(file)) {
            throw new StoreException("cannot read store file " + file + ": permission denied");
        }
        Path openKey;
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, JournaledVolume.OWNER_ONLY); // it will hold token hashes
            }
            openKey = file.toRealPath();
        } catch (IOException e) {
            throw new StoreException("cannot create store file " + file + ": " + e, e);
        }
        if (!OPEN.add(openKey)) {
            throw new StoreException("store file " + file + " is already open in this process");
        }
        Volume toClose = null;
        DB db = null;
        try {
            toClose = new FileChannelVol(file.toFile(), false, 0L, CC.PAGE_SHIFT, 0L); // takes the file lock
            Volume volume = new JournaledVolume(wrapStoreFile.apply(toClose), journalPath(file));
            toClose = volume;
            boolean exists = volume.length() > 0;
            // MapDB grows its file in whole 1 MiB steps; anything else was cut short, and MapDB itself
            // would open some such files and then write to them.
            if (volume.length() % CC.PAGE_SIZE != 0) {
                throw new StoreException("store file " + file + " is truncated (" + volume.length()
                        + " bytes, not a whole number of MiB); it was left untouched — restore it from a backup"
                        + " or move it aside to start empty");
            }
            VolumeFactory volumes = new VolumeFactory() {
                @Override
                public Volume makeVolume(String name, boolean readOnly, long fileLockWait, int sliceShift,
                        long initSize, boolean fixedSize) {
                    // StoreWAL's own log never gets replayed, so it may as well stay in memory.
                    return name.equals(file.toString()) ? volume : new ByteArrayVol();
                }

                @Override
                public boolean exists(String name) {
                    return name.equals(file.toString()) && exists;
                }

                @Override
                public boolean handlesReadonly() {
                    return false;
                }
            };
            // What DBMaker.fileDB(file).transactionEnable().make() builds, on these volumes. Arguments: file,
            // volumes, fileLockWait, threadSafe, concShift, allocateIncrement, allocateStartSize,
            // deleteAfterClose, deleteAfterOpen, checksum, checksumHeader, checksumHeaderBypass.
            StoreWAL store = StoreWAL.make(file.toString(), volumes, 0L, true, CC.STORE_DIRECT_CONC_SHIFT,
                    CC.PAGE_SIZE, 0L, false, false, false, true, false);
            db = new DB(store, exists, true, MapDbStore.class.getClassLoader(), 0);
            BTreeMap<String, byte[]> map = db.treeMap("state", Serializer.STRING, Serializer.BYTE_ARRAY)
                    .createOrOpen();
            BTreeMap<String, long[]> leases = db.treeMap("leases", Serializer.STRING, Serializer.LONG_ARRAY).createOrOpen();
            map.size(); // walk the tree once so a damaged index fails here, not on first use
            db.commit();
            return new MapDbStore(file, openKey, db, map, leases, clock);
        } catch (IOException | RuntimeException e) {
            try {
                if (db != null) {
                    db.close();
                } else if (toClose != null) {
                    toClose.close();
                }
            } catch (RuntimeException ignored) {
                // already failing; the open error is the one to report
            }
            OPEN.remove(openKey);
            throw e instanceof StoreException se ? se : new StoreException(describeOpenFailure(file, e), e);
        }
    }

    static Path journalPath(Path file) {
        return file.resolveSibling(file.getFileName() + ".journal");
    }

    private static String describeOpenFailure(Path file, Exception e) {
        if (e instanceof DBException.FileLocked) {
            return "store file " + file + " is locked by another process (is another helyosd running on this data directory?)";
        }
        return "store file " + file + " is unreadable or corrupt (" + e.getClass().getSimpleName() + ": " + e.getMessage()
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
    public Optional<Lease> tryAcquire(String name, Duration ttl) {
        synchronized (writeLock) {
            long now = clock.millis();
            long[] current = leases.get(name);
            if (current != null && current[1] > now) {
                return Optional.empty();
            }
            long token = current == null ? 1 : current[0] + 1;
            return Optional.of(writeLease(name, token, now + ttl.toMillis()));
        }
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        synchronized (writeLock) {
            if (!newest(lease)) {
                return Optional.empty();
            }
            return Optional.of(writeLease(lease.name(), lease.token(), clock.millis() + ttl.toMillis()));
        }
    }

    @Override
    public void release(Lease lease) {
        synchronized (writeLock) {
            if (newest(lease)) {
                writeLease(lease.name(), lease.token(), clock.millis());
            }
        }
    }

    @Override
    public void commit(WriteBatch batch, Lease lease) {
        synchronized (writeLock) {
            if (!newest(lease)) {
                throw new LeaseLostException("lease " + lease.name() + " (token " + lease.token() + ") was taken over; nothing written");
            }
            commit(batch);
        }
    }

    private boolean newest(Lease lease) {
        long[] current = leases.get(lease.name());
        return current != null && current[0] == lease.token();
    }

    private Lease writeLease(String name, long token, long expiresAtMillis) {
        writeAndCommit(() -> leases.put(name, new long[] {token, expiresAtMillis}));
        return new Lease(name, token, Instant.ofEpochMilli(expiresAtMillis));
    }

    /** Makes {@code writes} durable, or rolls them back and says why. Callers hold the write lock. */
    private void writeAndCommit(Runnable writes) {
        try {
            writes.run();
            db.commit();
        } catch (RuntimeException e) {
            try {
                db.rollback();
            } catch (RuntimeException ignored) {
                // the store refuses further use; the write error is the one to report
            }
            throw new StoreException("write to store file " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void commit(WriteBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        synchronized (writeLock) {
            writeAndCommit(() -> {
                for (Map.Entry<String, byte[]> put : batch.puts().entrySet()) {
                    map.put(put.getKey(), put.getValue());
                }
                for (String key : batch.deletes()) {
                    map.remove(key);
                }
            });
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
            try {
                if (!db.isClosed()) {
                    db.close();
                }
            } finally {
                OPEN.remove(openKey);
            }
        }
    }

    private record Watch(String prefix, Consumer<String> listener) {
    }
}
