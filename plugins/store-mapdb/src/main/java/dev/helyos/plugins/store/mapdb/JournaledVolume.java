package dev.helyos.plugins.store.mapdb;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;

/**
 * The store file as MapDB's {@code StoreWAL} sees it, made crash-safe.
 *
 * <p>MapDB 3.1.0's {@code StoreWAL.commit()} writes the new header, index and records straight into the
 * store file and never replays its write-ahead log on open, so a process killed during those writes
 * leaves a file that silently lost keys or no longer opens. {@code StoreWAL} only writes the store file
 * inside {@code commit()}, which ends with {@code sync()}; this volume therefore holds every write in
 * memory (whole pages) until {@code sync()}, then writes those pages to {@code <file>.journal}, fsyncs
 * it, copies them into the store file, fsyncs that and empties the journal. On open, a complete journal
 * (checksum valid) is copied in again; an incomplete one means the crash came before the store file was
 * touched, and it is ignored.
 */
final class JournaledVolume extends Volume {
    private static final int PAGE = 4096;
    private static final long MAGIC = 0x48454c594a524e31L; // "HELYJRN1"
    private static final int HEADER = 8 + 8 + 4; // magic, store length, page count
    static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Volume file;
    private final Path journalPath;
    private final TreeMap<Long, byte[]> dirty = new TreeMap<>();
    private FileChannel journal;
    private long length;
    private IOException failed;

    /** {@code file} must already hold the store file's lock: recovery writes to it. */
    JournaledVolume(Volume file, Path journalPath) throws IOException {
        this.file = file;
        this.journalPath = journalPath;
        if (Files.exists(journalPath)) {
            this.journal = FileChannel.open(journalPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
            recover();
        }
        this.length = file.length();
    }

    private void recover() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(journal.size(), Integer.MAX_VALUE));
        while (buf.hasRemaining() && journal.read(buf, buf.position()) > 0) {
            // read it all
        }
        buf.flip();
        if (buf.remaining() < HEADER + 8 || buf.getLong(0) != MAGIC) {
            return;
        }
        int pages = buf.getInt(16);
        if (pages < 0 || buf.remaining() != HEADER + (long) pages * (8 + PAGE) + 8) {
            return;
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.remaining() - 8);
        if (crc.getValue() != buf.getLong(buf.remaining() - 8)) {
            return;
        }
        TreeMap<Long, byte[]> committed = new TreeMap<>();
        buf.position(HEADER);
        for (int i = 0; i < pages; i++) {
            long page = buf.getLong();
            byte[] content = new byte[PAGE];
            buf.get(content);
            committed.put(page, content);
        }
        apply(buf.getLong(8), committed);
    }

    private void apply(long newLength, Map<Long, byte[]> pages) throws IOException {
        file.ensureAvailable(newLength);
        for (Map.Entry<Long, byte[]> page : pages.entrySet()) {
            file.putData(page.getKey() * PAGE, page.getValue(), 0, PAGE);
        }
        file.sync();
        journal.truncate(0);
    }

    @Override
    public synchronized void sync() {
        checkNotFailed();
        if (dirty.isEmpty() && length <= file.length()) {
            return;
        }
        try {
            ByteBuffer buf = ByteBuffer.allocate(HEADER + dirty.size() * (8 + PAGE) + 8);
            buf.putLong(MAGIC).putLong(length).putInt(dirty.size());
            dirty.forEach((page, content) -> buf.putLong(page).put(content));
            CRC32C crc = new CRC32C();
            crc.update(buf.array(), 0, buf.position());
            buf.putLong(crc.getValue()).flip();
            if (journal == null) {
                journal = FileChannel.open(journalPath, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE), OWNER_ONLY);
            }
            while (buf.hasRemaining()) {
                journal.write(buf, buf.position());
            }
            journal.truncate(buf.limit());
            journal.force(true);
            apply(length, dirty);
            dirty.clear();
        } catch (IOException | RuntimeException e) {
            // The store file may be half written: refuse further use; reopening replays the journal.
            failed = e instanceof IOException io ? io : new IOException(e);
            throw new UncheckedIOException("cannot write " + journalPath + " or its store file", failed);
        }
    }

    private void checkNotFailed() {
        if (failed != null) {
            throw new UncheckedIOException("an earlier commit failed; reopen the store", failed);
        }
    }

    private byte[] dirtyPage(long page) {
        return dirty.computeIfAbsent(page, p -> {
            byte[] content = new byte[PAGE];
            long available = Math.min(PAGE, file.length() - p * PAGE);
            if (available > 0) {
                file.getData(p * PAGE, content, 0, (int) available);
            }
            return content;
        });
    }

    @Override
    public synchronized void putData(long offset, byte[] src, int srcPos, int size) {
        checkNotFailed();
        while (size > 0) {
            int inPage = (int) (offset % PAGE);
            int n = Math.min(size, PAGE - inPage);
            System.arraycopy(src, srcPos, dirtyPage(offset / PAGE), inPage, n);
            offset += n;
            srcPos += n;
            size -= n;
        }
    }

    @Override
    public synchronized void getData(long offset, byte[] dst, int dstPos, int size) {
        checkNotFailed();
        if (dirty.isEmpty()) {
            file.getData(offset, dst, dstPos, size);
            return;
        }
        while (size > 0) {
            int inPage = (int) (offset % PAGE);
            int n = Math.min(size, PAGE - inPage);
            byte[] page = dirty.get(offset / PAGE);
            if (page != null) {
                System.arraycopy(page, inPage, dst, dstPos, n);
            } else {
                file.getData(offset, dst, dstPos, n);
            }
            offset += n;
            dstPos += n;
            size -= n;
        }
    }

    @Override
    public void putData(long offset, ByteBuffer buf) {
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        putData(offset, bytes, 0, bytes.length);
    }

    @Override
    public void putLong(long offset, long value) {
        putData(offset, ByteBuffer.allocate(8).putLong(value).array(), 0, 8);
    }

    @Override
    public void putInt(long offset, int value) {
        putData(offset, ByteBuffer.allocate(4).putInt(value).array(), 0, 4);
    }

    @Override
    public void putByte(long offset, byte value) {
        putData(offset, new byte[] {value}, 0, 1);
    }

    @Override
    public void clear(long startOffset, long endOffset) {
        byte[] zeros = new byte[PAGE];
        for (long o = startOffset; o < endOffset; o += PAGE) {
            putData(o, zeros, 0, (int) Math.min(PAGE, endOffset - o));
        }
    }

    @Override
    public DataInput2 getDataInput(long offset, int size) {
        byte[] bytes = new byte[size];
        getData(offset, bytes, 0, size);
        return new DataInput2.ByteArray(bytes);
    }

    @Override
    public long getLong(long offset) {
        byte[] bytes = new byte[8];
        getData(offset, bytes, 0, 8);
        return ByteBuffer.wrap(bytes).getLong();
    }

    @Override
    public int getInt(long offset) {
        byte[] bytes = new byte[4];
        getData(offset, bytes, 0, 4);
        return ByteBuffer.wrap(bytes).getInt();
    }

    @Override
    public byte getByte(long offset) {
        byte[] bytes = new byte[1];
        getData(offset, bytes, 0, 1);
        return bytes[0];
    }

    /** Growth is journaled too, so a crash while a new store is created leaves an empty file. */
    @Override
    public synchronized void ensureAvailable(long offset) {
        length = Math.max(length, offset);
    }

    @Override
    public synchronized long length() {
        return Math.max(length, file.length());
    }

    @Override
    public synchronized void truncate(long size) {
        if (!dirty.isEmpty()) {
            throw new IllegalStateException("truncate with uncommitted writes");
        }
        file.truncate(size);
        length = file.length();
    }

    /** Uncommitted writes are dropped, as after a crash. */
    @Override
    public synchronized void close() {
        dirty.clear();
        try {
            if (journal != null) {
                journal.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            file.close();
        }
    }

    @Override
    public int sliceSize() {
        return file.sliceSize();
    }

    @Override
    public boolean isSliced() {
        return file.isSliced();
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public File getFile() {
        return file.getFile();
    }

    @Override
    public boolean getFileLocked() {
        return file.getFileLocked();
    }
}
