package dev.helyos.kernel.deploy;

import java.time.Duration;

/**
 * How long a pod waits before it is started again. A run shorter than {@link #FAST_RUN} is a fast
 * failure; after {@link #CRASH_LOOP} of them in a row the pod is in crash-loop back-off. The first
 * failure restarts at once, then the wait doubles from one second up to {@link #MAX_DELAY}; a run
 * that lasted longer than {@code FAST_RUN} starts the count again.
 */
public final class RestartBackoff {
    public static final Duration FAST_RUN = Duration.ofSeconds(10);
    public static final Duration MAX_DELAY = Duration.ofMinutes(5);
    public static final int CRASH_LOOP = 3;

    private RestartBackoff() {
    }

    /** The wait before the restart that follows {@code failuresInARow} failures (1 = the first). */
    public static Duration delay(int failuresInARow) {
        if (failuresInARow <= 1) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failuresInARow - 2, 20);
        Duration delay = Duration.ofSeconds(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    public static boolean crashLooping(int failuresInARow) {
        return failuresInARow >= CRASH_LOOP;
    }
}
