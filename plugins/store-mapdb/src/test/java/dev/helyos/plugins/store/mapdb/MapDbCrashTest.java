package dev.helyos.plugins.store.mapdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process with SIGKILL in the middle of a burst of writes, then checks that every
 * acknowledged write is in the store, that the one write in flight was applied entirely or not at all,
 * and that the store still opens and reads. Three kills on the same file, so recovery after recovery
 * is covered too.
 */
class MapDbCrashTest {
    // a soak run: -Dcrash.cycles=200 -Dcrash.minAcks=20
    private static final int CYCLES = Integer.getInteger("crash.cycles", 3);
    private static final int MIN_ACKS = Integer.getInteger("crash.minAcks", 200);
    private static final Duration ACK_WAIT = Duration.ofSeconds(30);
    private static final String EOF = "\u0000eof";
    private static final Pattern WELL_FORMED = Pattern.compile("(begin|commit|ack) \\d+|put k/\\d{6} \\S+|del k/\\d{6}|open");

    @TempDir
    Path dir;
    int maxKey;

    @Test
    void acknowledgedWritesSurviveKillNine() throws Exception {
        Path file = dir.resolve("state.db");
        SortedMap<String, String> expected = new TreeMap<>();
        int nextKey = 1;
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            int killAfter = ThreadLocalRandom.current().nextInt(MIN_ACKS, 500);
            long started = System.nanoTime();
            Map<String, String> inFlight = runAndKill(file, nextKey, killAfter, expected, cycle);

            try (MapDbStore store = MapDbStore.open(file)) {
                SortedMap<String, String> actual = new TreeMap<>();
                store.list("").forEach((k, v) -> actual.put(k, new String(v, UTF_8)));
                SortedMap<String, String> withInFlight = new TreeMap<>(expected);
                apply(inFlight, withInFlight);
                boolean inFlightApplied = !inFlight.isEmpty() && actual.equals(withInFlight);
                System.out.printf("cycle %d: killed after %d acks in %d ms, write in flight: %s, applied: %s, keys: %d%n",
                        cycle, killAfter, (System.nanoTime() - started) / 1_000_000, !inFlight.isEmpty(),
                        inFlightApplied, actual.size());
                if (inFlightApplied) {
                    expected = withInFlight;
                } else {
                    StoreContents.assertSame(expected, actual, "cycle " + cycle
                            + ": the store must hold exactly the acknowledged writes (plus the in-flight write "
                            + inFlight.keySet() + " entirely or not at all)");
                }
                for (Map.Entry<String, String> e : expected.entrySet()) {
                    assertEquals(e.getValue(), store.get(e.getKey()).map(v -> new String(v, UTF_8)).orElse(null), e.getKey());
                }
                store.put("check/" + cycle, new byte[] {1}); // still writable
                assertTrue(store.delete("check/" + cycle));
            }
            nextKey = maxKey + 1;
        }
        assertTrue(expected.size() > CYCLES * MIN_ACKS / 2, "expected a few hundred keys, got " + expected.size());
    }

    /**
     * Starts a writer, kills it after {@code killAfter} acknowledgements, and applies every
     * acknowledged write to {@code expected}. Returns the writes of the operation that was started
     * but not acknowledged (value null for a delete).
     */
    private Map<String, String> runAndKill(Path file, int firstKey, int killAfter, SortedMap<String, String> expected,
            int cycle) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java,
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), file.toString(), Integer.toString(firstKey))
                .redirectError(dir.resolve("writer-" + cycle + ".err").toFile())
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process died; what was read is what counts
            }
            lines.add(EOF);
        });

        Map<String, String> pending = new HashMap<>();
        String pendingOp = null;
        boolean committing = false;
        int acks = 0;
        boolean killed = false;
        long deadline = System.nanoTime() + ACK_WAIT.toNanos();
        try {
            while (true) {
                if (killed) {
                    deadline = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
                }
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    fail("cycle " + cycle + (killed ? ": writer's output did not end within 10 s of the kill"
                            : ": writer acknowledged only " + acks + " of " + killAfter + " writes within " + ACK_WAIT)
                            + "; stderr: " + stderr(cycle));
                }
                if (line.equals(EOF)) {
                    break;
                }
                // A line cut short by the kill is never a complete begin/commit/ack of the current op.
                String[] f = line.split(" ");
                if (!WELL_FORMED.matcher(line).matches()) {
                    continue;
                }
                switch (f[0]) {
                    case "begin" -> {
                        pending.clear();
                        pendingOp = f[1];
                        committing = false;
                    }
                    case "put" -> pending.put(f[1], f[2]);
                    case "del" -> pending.put(f[1], null);
                    case "commit" -> committing = f[1].equals(pendingOp);
                    case "ack" -> {
                        if (committing && f[1].equals(pendingOp)) {
                            apply(pending, expected);
                            pending.clear();
                            committing = false;
                            if (++acks == killAfter) {
                                // SIGKILL. Not Process.destroyForcibly(): it also closes our end of the
                                // pipe, losing acknowledgements the writer printed just before dying.
                                process.toHandle().destroyForcibly();
                                killed = true;
                            }
                        }
                    }
                    default -> { }
                }
                if (f[0].equals("put") || f[0].equals("del")) {
                    maxKey = Math.max(maxKey, Integer.parseInt(f[1].substring(2)));
                }
            }
        } finally {
            process.toHandle().destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        process.getInputStream().close();
        assertTrue(killed, "cycle " + cycle + ": writer exited by itself after " + acks + " acks; stderr: " + stderr(cycle));
        return committing ? pending : Map.of();
    }

    private static void apply(Map<String, String> writes, Map<String, String> to) {
        writes.forEach((k, v) -> {
            if (v == null) {
                to.remove(k);
            } else {
                to.put(k, v);
            }
        });
    }

    private String stderr(int cycle) throws IOException {
        Path err = dir.resolve("writer-" + cycle + ".err");
        return Files.exists(err) ? Files.readString(err) : "";
    }
}
