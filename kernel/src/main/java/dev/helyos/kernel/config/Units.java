package dev.helyos.kernel.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The spec's durations ({@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, a bare number is
 * seconds) and memory sizes ({@code 512m}: k, m, g in either case, powers of 1024 as Docker reads
 * them), each with a canonical spelling in the largest unit that states the value exactly.
 */
public final class Units {
    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)?");
    private static final Pattern MEMORY = Pattern.compile("([0-9]+)([kmgKMG])");

    /** Larger than any limit the spec allows; what an overflowing number parses to. */
    static final Duration HUGE_DURATION = Duration.ofSeconds(Long.MAX_VALUE);

    private Units() {
    }

    /** @throws IllegalArgumentException when {@code text} is not a duration */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        ChronoUnit unit = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> ChronoUnit.MILLIS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            default -> ChronoUnit.SECONDS;
        };
        try {
            return Duration.of(Long.parseLong(m.group(1)), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            return HUGE_DURATION;
        }
    }

    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /**
     * Bytes of a size like {@code 512m}; {@link Long#MAX_VALUE} when it does not fit a long.
     *
     * @throws IllegalArgumentException when {@code text} is not a size
     */
    public static long parseMemory(String text) {
        Matcher m = MEMORY.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a memory size: " + text);
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            default -> 30;
        };
        try {
            long n = Long.parseLong(m.group(1));
            return n > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : n << shift;
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** {@code bytes} must be a positive multiple of 1024, as every parsed size is. */
    public static String formatMemory(long bytes) {
        if (bytes <= 0 || bytes % 1024 != 0) {
            throw new IllegalArgumentException("not a whole number of KiB: " + bytes);
        }
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "g";
        }
        return bytes % (1L << 20) == 0 ? (bytes >> 20) + "m" : (bytes >> 10) + "k";
    }
}
