package dev.helyos.kernel.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The renewal schedule, rule by rule: no clock but the instants given, no randomness but the draws given. */
class RenewalScheduleTest {
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aNinetyDayCertificateRenewsThirtyDaysBeforeItExpires() {
        assertEquals(T0.plus(Duration.ofDays(60)), RenewalSchedule.ownRenewal(T0, T0.plus(Duration.ofDays(90))));
    }

    @Test
    void longAndShortOnesRenewAtTwoThirdsOfTheirLife() {
        // a year: two thirds (day 243) comes before 30 days before expiry (day 335)
        assertEquals(T0.plus(Duration.ofDays(365).multipliedBy(2).dividedBy(3)), RenewalSchedule.ownRenewal(T0, T0.plus(Duration.ofDays(365))));
        // 45 days: 30 days before expiry would be day 15, before half its life: two thirds instead
        assertEquals(T0.plus(Duration.ofDays(30)), RenewalSchedule.ownRenewal(T0, T0.plus(Duration.ofDays(45))));
        // Let's Encrypt's short-lived profile (about 6 days) and Pebble's one-minute certificates
        assertEquals(T0.plus(Duration.ofDays(4)), RenewalSchedule.ownRenewal(T0, T0.plus(Duration.ofDays(6))));
        assertEquals(T0.plusSeconds(40), RenewalSchedule.ownRenewal(T0, T0.plusSeconds(60)));
    }

    @Test
    void theCasWindowMovesTheRenewalEarlierButNeverLater() {
        Instant own = T0.plus(Duration.ofDays(60));
        assertEquals(own, RenewalSchedule.renewal(own, Optional.empty()));
        assertEquals(T0.plus(Duration.ofDays(10)), RenewalSchedule.renewal(own, Optional.of(T0.plus(Duration.ofDays(10)))));
        assertEquals(own, RenewalSchedule.renewal(own, Optional.of(T0.plus(Duration.ofDays(70)))));
    }

    @Test
    void theMomentInTheCasWindowIsTheDrawsShareOfItOrNowWhenItPassed() {
        Instant start = T0.plus(Duration.ofDays(50));
        Instant end = T0.plus(Duration.ofDays(52));
        assertEquals(start, RenewalSchedule.inCaWindow(T0, start, end, 0.0), "window start");
        assertEquals(T0.plus(Duration.ofDays(51)), RenewalSchedule.inCaWindow(T0, start, end, 0.5));
        assertEquals(end, RenewalSchedule.inCaWindow(T0, start, end, 0.9999999999), "window end");
        Instant later = T0.plus(Duration.ofDays(60));
        assertEquals(later, RenewalSchedule.inCaWindow(later, start, end, 0.5), "a window in the past: at once");
        assertEquals(T0, RenewalSchedule.inCaWindow(T0, end, start, 0.5), "an empty window: at once");
    }

    @Test
    void backOffDoublesFromThirtySecondsUpToSixHoursWithAFifthOfJitter() {
        long[] expectedSeconds = {30, 60, 120, 240, 480, 960};
        for (int failures = 1; failures <= 6; failures++) {
            assertEquals(Duration.ofSeconds(expectedSeconds[failures - 1]), RenewalSchedule.backoff(failures, 0), failures + " failure(s)");
        }
        assertEquals(Duration.ofHours(6), RenewalSchedule.backoff(12, 0));
        assertEquals(Duration.ofHours(6), RenewalSchedule.backoff(1000, 0), "no overflow");
        assertEquals(Duration.ofSeconds(36), RenewalSchedule.backoff(1, 1.0));
        assertEquals(Duration.ofSeconds(24), RenewalSchedule.backoff(1, -1.0));
    }

    @Test
    void aRetryAfterLaterThanTheBackOffWins() {
        assertEquals(T0.plusSeconds(30), RenewalSchedule.nextAttempt(T0, 1, 0, null));
        assertEquals(T0.plusSeconds(30), RenewalSchedule.nextAttempt(T0, 1, 0, T0.plusSeconds(10)), "an earlier Retry-After is not a reason to hurry");
        assertEquals(T0.plus(Duration.ofHours(1)), RenewalSchedule.nextAttempt(T0, 1, 0, T0.plus(Duration.ofHours(1))));
    }

    @Test
    void theNextOrderIsAtOnceWithoutACertificateAtTheRenewalWithOneAndNeverWhileBackedOff() {
        Instant renewal = T0.plus(Duration.ofDays(60));
        assertEquals(T0, RenewalSchedule.nextOrder(T0, Optional.empty(), Optional.empty()), "no certificate from its issuer: now");
        assertEquals(renewal, RenewalSchedule.nextOrder(T0, Optional.of(renewal), Optional.empty()));
        Instant backedOff = T0.plusSeconds(30);
        assertEquals(backedOff, RenewalSchedule.nextOrder(T0, Optional.empty(), Optional.of(backedOff)), "a failed first order waits");
        assertEquals(renewal, RenewalSchedule.nextOrder(T0, Optional.of(renewal), Optional.of(backedOff)),
                "a back-off that ends before the renewal does not bring it forward");
        Instant pastRenewal = T0.minusSeconds(5);
        assertEquals(backedOff, RenewalSchedule.nextOrder(T0, Optional.of(pastRenewal), Optional.of(backedOff)), "a due renewal waits out its back-off");
    }
}
