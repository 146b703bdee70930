package dev.helyos.plugins.store.mapdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.plugin.api.WriteBatch;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;

/**
 * Simulates the process dying at every single write to the store file during one commit (the
 * writes before the crash stay in the file, as after {@code kill -9}), and at points while the journal
 * itself is being written, then reopens: the store must hold either the state before the commit or
 * the state after it, never anything else. Deterministic where {@link MapDbCrashTest} relies on timing.
 */
class MapDbCrashPointTest {
    @TempDir
    Path dir;
    Path base;
    SortedMap<String, String> before;
    SortedMap<String, String> after;

    @BeforeEach
    void createBase() {
        base = dir.resolve("base.db");
        before = new TreeMap<>();
        try (MapDbStore store = MapDbStore.open(base)) {
            for (int i = 0; i < 300; i++) {
                String key = String.format("k/%04d", i);
                String value = "v" + i + "-" + "x".repeat(i % 90);
                store.put(key, value.getBytes(UTF_8));
                before.put(key, value);
            }
        }
        after = new TreeMap<>(before);
        for (int i = 0; i < 20; i++) {
            after.put("n/" + i, "new" + i + "y".repeat(300));
        }
        after.put("k/0005", "updated");
        after.remove("k/0100");
    }

    private WriteBatch theCommit() {
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 20; i++) {
            batch.put("n/" + i, ("new" + i + "y".repeat(300)).getBytes(UTF_8));
        }
        return batch.put("k/0005", "updated".getBytes(UTF_8)).delete("k/0100");
    }

    /** Copies the base store, runs the commit and dies after {@code budget} writes to the store file. */
    private Path crashAfter(String name, long budget) throws Exception {
        Path file = dir.resolve(name);
        Files.copy(base, file);
        CrashingVolume[] volume = new CrashingVolume[1];
        MapDbStore store = MapDbStore.open(file, v -> volume[0] = new CrashingVolume(v));
        volume[0].budget = budget;
        try {
            store.commit(theCommit());
        } catch (Crash expected) {
            // the process "died" here
        } finally {
            volume[0].budget = 0; // and writes nothing more
            store.close();
        }
        return file;
    }

    private static SortedMap<String, String> contents(Path file) {
        try (MapDbStore store = MapDbStore.open(file)) {
            SortedMap<String, String> out = new TreeMap<>();
            store.list("").forEach((k, v) -> out.put(k, new String(v, UTF_8)));
            store.put("after/crash", new byte[] {1}); // and it is still writable
            return out;
        }
    }

    @Test
    void crashAtEveryWriteToTheStoreFileLeavesBeforeOrAfter() throws Exception {
        // count the writes of one commit on a copy
        long writes;
        Path counted = dir.resolve("counted.db");
        Files.copy(base, counted);
        CrashingVolume[] volume = new CrashingVolume[1];
        try (MapDbStore store = MapDbStore.open(counted, v -> volume[0] = new CrashingVolume(v))) {
            long start = volume[0].writes;
            store.commit(theCommit());
            writes = volume[0].writes - start;
        }
        assertTrue(writes > 3, "expected several writes per commit, got " + writes);

        for (long n = 0; n <= writes; n++) {
            Path file = crashAfter("crash-" + n + ".db", n);
            // every store-file write happens after the journal is complete, so all of them lead to "after"
            StoreContents.assertSame(after, contents(file), "crash after " + n + " of " + writes + " writes to the store file");
        }
    }

    @Test
    void crashWhileTheJournalIsWrittenLeavesBefore() throws Exception {
        Path complete = crashAfter("complete.db", 0);
        Path journal = MapDbStore.journalPath(complete);
        byte[] full = Files.readAllBytes(journal);
        assertTrue(full.length > 4096, "journal of the interrupted commit: " + full.length + " bytes");
        byte[] storeBytes = Files.readAllBytes(complete);

        for (int cut : new int[] {0, 1, 7, 20, 21, 4096, full.length / 2, full.length - 9, full.length - 1}) {
            Path file = dir.resolve("torn-" + cut + ".db");
            Files.write(file, storeBytes);
            Files.write(MapDbStore.journalPath(file), Arrays.copyOf(full, cut));
            StoreContents.assertSame(before, contents(file), "journal cut at " + cut + " of " + full.length + " bytes");
        }

        Path flipped = dir.resolve("flipped.db");
        Files.write(flipped, storeBytes);
        byte[] damaged = full.clone();
        damaged[full.length / 2] ^= 1;
        Files.write(MapDbStore.journalPath(flipped), damaged);
        StoreContents.assertSame(before, contents(flipped), "journal with a damaged byte is not replayed");
    }

    static final class Crash extends Error {
    }

    /** Passes writes through until the budget is spent, then throws instead of writing. */
    static final class CrashingVolume extends Volume {
        final Volume file;
        long budget = Long.MAX_VALUE;
        long writes;

        CrashingVolume(Volume file) {
            this.file = file;
        }

        private void write() {
            if (budget-- <= 0) {
                throw new Crash();
            }
            writes++;
        }

        @Override public void ensureAvailable(long offset) { write(); file.ensureAvailable(offset); }
        @Override public void truncate(long size) { write(); file.truncate(size); }
        @Override public void putLong(long offset, long value) { write(); file.putLong(offset, value); }
        @Override public void putInt(long offset, int value) { write(); file.putInt(offset, value); }
        @Override public void putByte(long offset, byte value) { write(); file.putByte(offset, value); }
        @Override public void putData(long offset, byte[] src, int pos, int size) { write(); file.putData(offset, src, pos, size); }
        @Override public void putData(long offset, ByteBuffer buf) { write(); file.putData(offset, buf); }
        @Override public void clear(long start, long end) { write(); file.clear(start, end); }
        @Override public void sync() { write(); file.sync(); }
        @Override public long getLong(long offset) { return file.getLong(offset); }
        @Override public int getInt(long offset) { return file.getInt(offset); }
        @Override public byte getByte(long offset) { return file.getByte(offset); }
        @Override public DataInput2 getDataInput(long offset, int size) { return file.getDataInput(offset, size); }
        @Override public void getData(long offset, byte[] dst, int pos, int size) { file.getData(offset, dst, pos, size); }
        @Override public void close() { file.close(); }
        @Override public int sliceSize() { return file.sliceSize(); }
        @Override public boolean isSliced() { return file.isSliced(); }
        @Override public long length() { return file.length(); }
        @Override public boolean isReadOnly() { return false; }
        @Override public File getFile() { return file.getFile(); }
        @Override public boolean getFileLocked() { return file.getFileLocked(); }
    }
}
