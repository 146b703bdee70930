package dev.helyos.kernel.certs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a domain's next certificate order is due, given its certificate, what its CA said, and
 * how its last orders went: the whole schedule, as pure
 * functions of times and counts (no clock, no I/O, no randomness of its own: callers pass their
 * random draws), so every rule is tested by itself.
 *
 * <ul>
 *   <li>helyosd's own rule: at two thirds of the lifetime, or 30 days before expiry when that comes
 *       first and still after half the lifetime (so a 90-day certificate renews at day 60 and a
 *       short-lived one at two thirds of its life);</li>
 *   <li>the CA's renewal information (ARI, RFC 9773) may move it earlier: a moment picked at random in
 *       the CA's window, or now when the window has passed;</li>
 *   <li>after a failed order: 30 s, doubling with each failure in a row up to 6 h, ±20 % jitter, and
 *       never before the CA's {@code Retry-After}.</li>
 * </ul>
 */
public final class RenewalSchedule {
    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
    public static final Duration MAX_BACKOFF = Duration.ofHours(6);
    static final Duration BEFORE_EXPIRY = Duration.ofDays(30);

    private RenewalSchedule() {
    }

    /**
     * When the next order for a domain is due: at once when it has no certificate from its route's
     * issuer ({@code renewal} empty), else at its {@link #renewal} time; and never while a failed order
     * is backed off ({@code backedOffUntil}, see {@link #nextAttempt}).
     */
    public static Instant nextOrder(Instant now, Optional<Instant> renewal, Optional<Instant> backedOffUntil) {
        Instant due = renewal.orElse(now);
        return backedOffUntil.filter(until -> until.isAfter(due)).orElse(due);
    }

    /** helyosd's own renewal time for a certificate valid from {@code notBefore} to {@code notAfter}. */
    public static Instant ownRenewal(Instant notBefore, Instant notAfter) {
        Duration lifetime = Duration.between(notBefore, notAfter);
        Instant beforeExpiry = notAfter.minus(BEFORE_EXPIRY);
        Instant twoThirds = notBefore.plus(lifetime.multipliedBy(2).dividedBy(3));
        if (beforeExpiry.isBefore(notBefore.plus(lifetime.dividedBy(2)))) {
            return twoThirds;
        }
        return beforeExpiry.isBefore(twoThirds) ? beforeExpiry : twoThirds;
    }

    /** The renewal that counts: the earlier of helyosd's own time and the one picked in the CA's window. */
    public static Instant renewal(Instant own, Optional<Instant> fromCaWindow) {
        return fromCaWindow.filter(ca -> ca.isBefore(own)).orElse(own);
    }

    /**
     * The moment picked in the CA's window {@code [start, end]}: {@code draw} (uniform in [0, 1)) of the
     * way through it; {@code now} when the window has passed or is empty.
     */
    public static Instant inCaWindow(Instant now, Instant start, Instant end, double draw) {
        if (!end.isAfter(now) || !end.isAfter(start)) {
            return now;
        }
        long span = Duration.between(start, end).toMillis() + 1;
        return start.plusMillis(Math.min(span - 1, (long) (draw * span)));
    }

    /**
     * The wait after the {@code failures}-th failure in a row: {@link #FIRST_BACKOFF} doubled for
     * each earlier failure, at most {@link #MAX_BACKOFF}, moved by {@code jitter} (in [-1, 1)) times a fifth of it.
     */
    public static Duration backoff(int failures, double jitter) {
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(Math.max(failures, 1) - 1, 20));
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            backoff = MAX_BACKOFF;
        }
        long spread = backoff.toMillis() / 5;
        return backoff.plusMillis((long) (spread * jitter));
    }

    /** The next attempt after a failure at {@code now}: after the back-off, and not before the CA's Retry-After (null: none). */
    public static Instant nextAttempt(Instant now, int failures, double jitter, Instant retryAfter) {
        Instant next = now.plus(backoff(failures, jitter));
        return retryAfter != null && retryAfter.isAfter(next) ? retryAfter : next;
    }
}
