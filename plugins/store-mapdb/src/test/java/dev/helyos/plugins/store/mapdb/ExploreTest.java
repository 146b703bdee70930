package dev.helyos.plugins.store.mapdb;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.*;
import java.util.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.*;
import org.mapdb.volume.*;

class ExploreTest {
    @TempDir Path dir;

    static class Crash extends Error {}

    static final class CrashingVolume extends Volume {
        final Volume d; long budget = Long.MAX_VALUE; long writes;
        CrashingVolume(Volume d) { this.d = d; }
        void w() { writes++; if (budget-- <= 0) throw new Crash(); }
        public void ensureAvailable(long o) { d.ensureAvailable(o); }
        public void truncate(long s) { w(); d.truncate(s); }
        public void putLong(long o, long v) { w(); d.putLong(o, v); }
        public void putInt(long o, int v) { w(); d.putInt(o, v); }
        public void putByte(long o, byte v) { w(); d.putByte(o, v); }
        public void putData(long o, byte[] b, int p, int s) { w(); d.putData(o, b, p, s); }
        public void putData(long o, ByteBuffer b) { w(); d.putData(o, b); }
        public long getLong(long o) { return d.getLong(o); }
        public int getInt(long o) { return d.getInt(o); }
        public byte getByte(long o) { return d.getByte(o); }
        public DataInput2 getDataInput(long o, int s) { return d.getDataInput(o, s); }
        public void getData(long o, byte[] b, int p, int s) { d.getData(o, b, p, s); }
        public void close() { d.close(); }
        public void sync() { w(); d.sync(); }
        public int sliceSize() { return d.sliceSize(); }
        public boolean isSliced() { return d.isSliced(); }
        public long length() { return d.length(); }
        public boolean isReadOnly() { return false; }
        public File getFile() { return d.getFile(); }
        public boolean getFileLocked() { return d.getFileLocked(); }
        public void clear(long a, long b) { w(); d.clear(a, b); }
    }

    CrashingVolume main;

    DB open(Path f) {
        VolumeFactory fab = new VolumeFactory() {
            public Volume makeVolume(String file, boolean ro, long lockWait, int sliceShift, long initSize, boolean fixedSize) {
                Volume v = FileChannelVol.FACTORY.makeVolume(file, ro, lockWait, sliceShift, initSize, fixedSize);
                if (file.equals(f.toString())) { main = new CrashingVolume(v); return main; }
                return v;
            }
            public boolean exists(String file) { return new File(file).exists(); }
            public boolean handlesReadonly() { return false; }
        };
        Store store = StoreWAL.make(f.toString(), fab, 0L, true, CC.STORE_DIRECT_CONC_SHIFT, CC.PAGE_SIZE, 0L, false, false, false, true, false);
        return new DB(store, true, true, getClass().getClassLoader(), 0);
    }

    @Test
    void crashAtEveryWrite() throws Exception {
        Path base = dir.resolve("base.db");
        try (MapDbStore s = MapDbStore.open(base)) {
            for (int i = 0; i < 300; i++) s.put(String.format("k/%04d", i), ("v" + i + "x".repeat(i % 50)).getBytes());
        }
        // count writes in the commit
        long total;
        {
            Path f = dir.resolve("count.db"); Files.copy(base, f);
            DB db = open(f);
            BTreeMap<String, byte[]> m = db.treeMap("state", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
            long before = main.writes;
            mutate(m); db.commit();
            total = main.writes - before;
            db.close();
        }
        System.out.println("writes per commit: " + total);
        int bad = 0;
        for (long n = 0; n < total; n++) {
            Path f = dir.resolve("t" + n + ".db"); Files.copy(base, f);
            DB db = open(f);
            BTreeMap<String, byte[]> m = db.treeMap("state", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
            mutate(m);
            main.budget = n;
            try { db.commit(); System.out.println(n + ": no crash?"); } catch (Crash c) { }
            main.d.close();
            String result;
            try (MapDbStore s = MapDbStore.open(f)) {
                SortedMap<String, byte[]> all = s.list("");
                int ok = 0;
                for (int i = 0; i < 300; i++) {
                    byte[] v = all.get(String.format("k/%04d", i));
                    if (i == 5) continue;
                    if (v != null && new String(v).startsWith("v" + i)) ok++;
                }
                result = "size=" + all.size() + " baseOk=" + ok + "/299 new=" + all.containsKey("n/1") + " k5=" + (all.get("k/0005") == null ? null : new String(all.get("k/0005")).substring(0, 3));
                if (ok != 299) bad++;
            } catch (Throwable t) {
                result = "OPEN/READ FAILED: " + t;
                bad++;
            }
            System.out.println("crash after write " + n + ": " + result);
        }
        System.out.println("bad: " + bad + " of " + total);
    }

    static void mutate(BTreeMap<String, byte[]> m) {
        for (int i = 0; i < 20; i++) m.put("n/" + i, ("new" + i + "y".repeat(300)).getBytes());
        m.put("k/0005", "UPDATED".getBytes());
        m.remove("k/0100");
    }
}
