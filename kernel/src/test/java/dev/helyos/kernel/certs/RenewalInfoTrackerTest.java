package dev.helyos.kernel.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.CountingStore;
import dev.helyos.kernel.MovableClock;
import dev.helyos.kernel.config.Json;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How helyosd keeps and follows the CA's renewal information (RFC 9773). */
class RenewalInfoTrackerTest {
    private final MovableClock clock = new MovableClock();
    private final RenewalInfoTracker tracker = new RenewalInfoTracker(new CountingStore(), Json.mapper(), clock, Duration.ofMinutes(1));
    private Issuer.SuggestedWindow answer;
    private IssueFailure failure;
    private int questions;

    private final Issuer ca = new Issuer() {
        public String id() {
            return "acme";
        }

        public String description() {
            return "a CA that answers what the test says";
        }

        public Issued issue(String domain, X509Certificate replacing) {
            throw new UnsupportedOperationException();
        }

        public Optional<SuggestedWindow> suggestedWindow(X509Certificate leaf) throws IssueFailure {
            questions++;
            if (failure != null) {
                throw failure;
            }
            return Optional.ofNullable(answer);
        }
    };

    private CertificateRecord cert(String serial) throws Exception {
        Instant from = clock.now.minus(Duration.ofDays(1));
        TestCertificates made = TestCertificates.selfSigned(from, from.plus(Duration.ofDays(90)), "a.example.com");
        return new CertificateRecord("a.example.com", "acme", made.certPem(), "", "CN=test", serial, from.toString(),
                from.plus(Duration.ofDays(90)).toString(), from.toString(), null, null);
    }

    private Issuer.SuggestedWindow window(int startDay, int endDay, int pickDay, Duration retryAfter) {
        return new Issuer.SuggestedWindow(clock.now.plus(Duration.ofDays(startDay)), clock.now.plus(Duration.ofDays(endDay)),
                clock.now.plus(Duration.ofDays(pickDay)), null, clock.now.plus(retryAfter));
    }

    @Test
    void theTimePickedInAWindowStaysWhileTheWindowDoes() throws Exception {
        CertificateRecord cert = cert("a1");
        assertTrue(tracker.askDue(cert, clock.now), "a certificate it never asked about");
        answer = window(50, 52, 51, Duration.ofHours(6));
        tracker.ask(ca, cert);
        Instant picked = tracker.renewAt(cert).orElseThrow();
        assertEquals(clock.now.plus(Duration.ofDays(51)), picked);
        assertTrue(!tracker.askDue(cert, clock.now), "asked; the CA said come back in 6 hours");
        assertEquals(Optional.of(clock.now.plus(Duration.ofHours(6))), tracker.nextEvent(clock.now));

        clock.now = clock.now.plus(Duration.ofHours(6));
        assertTrue(tracker.askDue(cert, clock.now));
        Instant start = clock.now.minus(Duration.ofHours(6));
        answer = new Issuer.SuggestedWindow(start.plus(Duration.ofDays(50)), start.plus(Duration.ofDays(52)),
                start.plus(Duration.ofDays(50)), null, clock.now.plus(Duration.ofHours(6)));
        tracker.ask(ca, cert);
        assertEquals(picked, tracker.renewAt(cert).orElseThrow(), "the same window keeps the first pick");

        answer = window(-2, -1, 0, Duration.ofHours(6));
        tracker.ask(ca, cert);
        assertEquals(clock.now, tracker.renewAt(cert).orElseThrow(), "a window moved into the past: now");
        assertEquals(java.util.List.of("a.example.com"), tracker.due(clock.now));
    }

    @Test
    void theCasRetryAfterIsFollowedWithinAMinuteAndADay() throws Exception {
        CertificateRecord cert = cert("b2");
        answer = window(50, 52, 51, Duration.ZERO);
        tracker.ask(ca, cert);
        assertEquals(clock.now.plus(Duration.ofMinutes(1)).toString(), tracker.current(cert).orElseThrow().askAgainAt(),
                "a CA saying 'now' is not asked in a loop");
        answer = window(50, 52, 51, Duration.ofDays(30));
        tracker.ask(ca, cert);
        assertEquals(clock.now.plus(Duration.ofDays(1)).toString(), tracker.current(cert).orElseThrow().askAgainAt(),
                "asked daily at least");
    }

    @Test
    void aFailedQuestionKeepsTheLastAnswerAndIsAskedAgainInAnHour() throws Exception {
        CertificateRecord cert = cert("c3");
        answer = window(50, 52, 51, Duration.ofHours(6));
        tracker.ask(ca, cert);
        failure = new IssueFailure("cannot reach the CA's renewal information", null, null);
        tracker.ask(ca, cert);
        RenewalInfoRecord kept = tracker.current(cert).orElseThrow();
        assertEquals(clock.now.plus(Duration.ofDays(51)).toString(), kept.renewAt());
        assertEquals("cannot reach the CA's renewal information", kept.lastError());
        assertEquals(clock.now.plus(Duration.ofHours(1)).toString(), kept.askAgainAt());
    }

    @Test
    void aCaWithoutRenewalInformationIsAskedDailyAndSetsNoTime() throws Exception {
        CertificateRecord cert = cert("d4");
        answer = null;
        tracker.ask(ca, cert);
        assertEquals(Optional.empty(), tracker.renewAt(cert));
        assertNull(tracker.current(cert).orElseThrow().windowStart());
        assertEquals(clock.now.plus(Duration.ofDays(1)).toString(), tracker.current(cert).orElseThrow().askAgainAt());
    }

    @Test
    void aRenewedCertificateIsAskedAboutAfresh() throws Exception {
        CertificateRecord old = cert("e5");
        answer = window(50, 52, 51, Duration.ofHours(6));
        tracker.ask(ca, old);
        CertificateRecord renewed = cert("e6");
        assertTrue(tracker.askDue(renewed, clock.now), "the answer was about the serial it replaced");
        assertEquals(Optional.empty(), tracker.renewAt(renewed));
        int before = questions;
        tracker.ask(ca, renewed);
        assertNotEquals(before, questions);
    }
}
