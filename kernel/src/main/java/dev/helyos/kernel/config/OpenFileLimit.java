package dev.helyos.kernel.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's open-file limit (the soft {@code ulimit -n}), which bounds how many API connections
 * can be held at once: every connection is a descriptor, and the JVM, the store, the plugins and the
 * proxy need their own.
 */
public final class OpenFileLimit {
    /** Descriptors kept for everything but API connections. */
    static final long RESERVED = 256;
    static final int DEFAULT_MAX_CONNECTIONS = 1024;
    private static final int MIN_CONNECTIONS = 16;

    private OpenFileLimit() {
    }

    /** The soft limit from /proc/self/limits, or -1 when it cannot be read or is unlimited. */
    public static long soft() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
                    return fields[0].equals("unlimited") ? -1 : Long.parseLong(fields[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no procfs: no limit known
        }
        return -1;
    }

    /** 1,024, or half of what the limit leaves after {@link #RESERVED} when that is less (never under 16). */
    static int defaultMaxConnections(long softLimit) {
        if (softLimit < 0) {
            return DEFAULT_MAX_CONNECTIONS;
        }
        long room = (softLimit - RESERVED) / 2;
        return (int) Math.max(MIN_CONNECTIONS, Math.min(DEFAULT_MAX_CONNECTIONS, room));
    }

    /** True when {@code maxConnections} connections would leave fewer than {@link #RESERVED} descriptors. */
    public static boolean tooClose(int maxConnections, long softLimit) {
        return softLimit >= 0 && maxConnections > softLimit - RESERVED;
    }
}
