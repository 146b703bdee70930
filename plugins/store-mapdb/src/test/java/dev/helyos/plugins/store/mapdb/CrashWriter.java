package dev.helyos.plugins.store.mapdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.helyos.plugin.api.WriteBatch;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Child process for {@link MapDbCrashTest}: writes to a store in a tight loop until it is killed.
 * For each operation it prints {@code begin <op>}, what it is about to write ({@code put <key> <value>},
 * {@code del <key>}), {@code commit <op>} just before calling the store and {@code ack <op>} once the
 * call returned, so the parent knows which writes were acknowledged and which one may have been in flight.
 *
 * <p>Arguments: store file, first key number.
 */
public final class CrashWriter {
    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int next = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, UTF_8);
        long stopAt = System.nanoTime() + 60_000_000_000L; // never outlive a parent that died
        try (MapDbStore store = MapDbStore.open(file)) {
            out.println("open");
            out.flush();
            for (int op = 1; System.nanoTime() < stopAt && !out.checkError(); op++) {
                WriteBatch batch = new WriteBatch();
                out.println("begin " + op);
                if (op % 10 == 0) {
                    // a batch: three new keys, an overwrite and a delete of older keys
                    for (int i = 0; i < 3; i++) {
                        put(out, batch, key(next), value(next, op));
                        next++;
                    }
                    if (next > 40) {
                        put(out, batch, key(next - 15), value(next - 15, op));
                        out.println("del " + key(next - 40));
                        batch.delete(key(next - 40));
                    }
                } else if (op % 7 == 0 && next > 20) {
                    put(out, batch, key(next - 20), value(next - 20, op)); // overwrite
                } else {
                    put(out, batch, key(next), value(next, op));
                    next++;
                }
                out.println("commit " + op);
                out.flush();
                if (op % 10 == 0) {
                    store.commit(batch);
                } else {
                    Map.Entry<String, byte[]> single = batch.puts().entrySet().iterator().next();
                    store.put(single.getKey(), single.getValue());
                }
                out.println("ack " + op);
                out.flush();
            }
        }
    }

    private static void put(PrintStream out, WriteBatch batch, String key, String value) {
        out.println("put " + key + " " + value);
        batch.put(key, value.getBytes(UTF_8));
    }

    static String key(int n) {
        return String.format("k/%06d", n);
    }

    // Values of varying length (up to about 3 KB) so records are moved and reallocated.
    private static String value(int n, int op) {
        String head = n + "-" + op + "-";
        return head + "x".repeat((n * 31 + op * 17) % (op % 13 == 0 ? 3000 : 200));
    }
}
