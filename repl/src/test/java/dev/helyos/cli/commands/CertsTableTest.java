package dev.helyos.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The "Next renewal" cell of {@code helyos certs}: whose schedule it is. */
class CertsTableTest {

    @Test
    void aRenewalTimeInsideTheCasWindowIsMarkedAsTheCas() {
        Map<String, Object> info = new HashMap<>();
        info.put("window_start", "2026-12-09T02:00:00Z");
        info.put("window_end", "2026-12-10T02:00:00Z");
        assertEquals("2026-12-09T13:30:00Z (CA)", CertCommand.List_.nextRenewal(
                Map.of("next_renewal", "2026-12-09T13:30:00Z", "renewal_info", info)));
    }

    @Test
    void helyosdsOwnScheduleSoonerThanTheWindowIsNotMarked() {
        Map<String, Object> info = Map.of("window_start", "2027-01-09T02:00:00Z", "window_end", "2027-01-10T02:00:00Z");
        assertEquals("2026-12-09T13:30:00Z", CertCommand.List_.nextRenewal(
                Map.of("next_renewal", "2026-12-09T13:30:00Z", "renewal_info", info)));
    }

    @Test
    void withoutRenewalInformationOrACertificate() {
        assertEquals("2026-12-09T13:30:00Z", CertCommand.List_.nextRenewal(Map.of("next_renewal", "2026-12-09T13:30:00Z")));
        Map<String, Object> failed = new HashMap<>();
        failed.put("next_renewal", null);
        failed.put("next_attempt_at", "2026-11-29T03:00:00Z");
        assertEquals("2026-11-29T03:00:00Z", CertCommand.List_.nextRenewal(failed));
    }
}
