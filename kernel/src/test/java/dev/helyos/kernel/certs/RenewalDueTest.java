package dev.helyos.kernel.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RenewalDueTest {
    private static final Instant BORN = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant due(Duration lifetime) {
        return new CertificateRecord("a.test", "acme", "", "", "", "1", BORN.toString(), BORN.plus(lifetime).toString(),
                BORN.toString(), null, null).renewalDue();
    }

    @Test
    void ninetyDayCertificatesRenewThirtyDaysBeforeExpiry() {
        assertEquals(BORN.plus(Duration.ofDays(60)), due(Duration.ofDays(90)));
    }

    @Test
    void longLivedCertificatesRenewWithAThirdOfTheirLifetimeLeft() {
        assertEquals(BORN.plus(Duration.ofDays(240)), due(Duration.ofDays(360)));
    }

    @Test
    void shortLivedCertificatesRenewWithAThirdLeftNotAtBirth() {
        assertEquals(BORN.plus(Duration.ofDays(4)), due(Duration.ofDays(6)));
        assertEquals(BORN.plus(Duration.ofSeconds(66)), due(Duration.ofSeconds(99)));
        assertEquals(BORN.plus(Duration.ofDays(30)), due(Duration.ofDays(45)));
    }
}
