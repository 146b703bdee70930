import dev.helyos.kernel.plugins.PluginHost;
import dev.helyos.plugin.api.StateStore;
import dev.helyos.plugin.api.StateStoreProvider;
import dev.helyos.plugin.api.StoreContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Latency of one get, put and compare-and-set on each store named, opened through its plugin as helyosd
 * opens it, one call at a time (as the API makes them): a warm-up, then OPS calls of each kind on 100 keys
 * with 512-byte values. Prints one markdown row per store and operation: p50, p99 and mean in µs.
 *
 *   java -cp 'target/helyos/lib/*' scripts/bench/StoreLatency.java PLUGINS_DIR OPS STORE:KEY=VALUE,KEY=VALUE ...
 */
public class StoreLatency {
    private static final int KEYS = 100;

    public static void main(String[] args) throws Exception {
        Path pluginsDir = Path.of(args[0]);
        int ops = Integer.parseInt(args[1]);
        System.out.println("| store | operation | p50 µs | p99 µs | mean µs |");
        System.out.println("|---|---|---:|---:|---:|");
        try (PluginHost plugins = PluginHost.load(pluginsDir)) {
            for (int i = 2; i < args.length; i++) {
                String[] store = args[i].split(":", 2);
                Map<String, String> options = new HashMap<>();
                for (String option : store[1].split(",")) {
                    String[] kv = option.split("=", 2);
                    options.put(kv[0], kv[1]);
                }
                Path dataDir = Path.of(options.remove("data-dir"));
                StateStoreProvider provider = plugins.select(StateStoreProvider.class, "store", "--store", store[0]);
                try (StateStore s = provider.open(new StoreContext(dataDir, options))) {
                    measure(store[0], s, Math.max(200, ops / 5)); // warm-up, not printed
                    measure(store[0], s, ops).forEach(System.out::println);
                }
            }
        }
    }

    private static java.util.List<String> measure(String name, StateStore store, int ops) {
        byte[] value = new byte[512];
        Arrays.fill(value, (byte) 'x');
        for (int k = 0; k < KEYS; k++) {
            store.put(key(k), value);
        }
        long[] put = new long[ops];
        long[] get = new long[ops];
        long[] cas = new long[ops];
        for (int i = 0; i < ops; i++) {
            int k = i % KEYS;
            byte[] next = (i + ":" + new String(value, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
            long t0 = System.nanoTime();
            store.put(key(k), next);
            long t1 = System.nanoTime();
            byte[] read = store.get(key(k)).orElseThrow();
            long t2 = System.nanoTime();
            byte[] update = ("c" + i).getBytes(StandardCharsets.US_ASCII);
            if (!store.compareAndSet(key(k), read, update)) {
                throw new IllegalStateException(name + ": compare-and-set lost on an unshared key");
            }
            long t3 = System.nanoTime();
            put[i] = t1 - t0;
            get[i] = t2 - t1;
            cas[i] = t3 - t2;
        }
        for (int k = 0; k < KEYS; k++) {
            store.delete(key(k));
        }
        return java.util.List.of(row(name, "get", get), row(name, "put", put), row(name, "compare-and-set", cas));
    }

    private static String key(int k) {
        return "bench/store-latency/" + k;
    }

    private static String row(String store, String op, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1000.0;
        return String.format("| %s | %s | %.0f | %.0f | %.0f |", store, op, sorted[sorted.length / 2] / 1000.0,
                sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1000.0, mean);
    }
}
