package dev.helyos.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.errors.StartupException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HttpLimitsTest {
    private static DaemonSettings.Http http(long openFiles, Map<String, String> env, String... args) {
        DaemonOptions options = new DaemonOptions();
        new CommandLine(options).parseArgs(args);
        return DaemonSettings.http(options, env, true, openFiles);
    }

    @Test
    void theConnectionLimitDefaultsBelowTheOpenFileLimit() {
        assertEquals(1024, http(1_048_576, Map.of()).maxConnections());
        assertEquals(1024, http(-1, Map.of()).maxConnections(), "no limit known");
        assertEquals(384, http(1024, Map.of()).maxConnections());
        assertEquals(128, http(512, Map.of()).maxConnections());
        assertEquals(16, http(200, Map.of()).maxConnections(), "never fewer than 16");
        assertEquals(5000, http(512, Map.of(), "--max-connections", "5000").maxConnections(), "an explicit value is kept");
        assertTrue(OpenFileLimit.tooClose(5000, 512));
        assertFalse(OpenFileLimit.tooClose(128, 512));
        assertFalse(OpenFileLimit.tooClose(100_000, -1));
    }

    @Test
    void timeoutsDefaultToNginxsAndAreChecked() {
        DaemonSettings.Http defaults = http(-1, Map.of());
        assertEquals(Duration.ofSeconds(60), defaults.headerTimeout());
        assertEquals(Duration.ofSeconds(60), defaults.bodyTimeout());
        assertEquals(Duration.ofSeconds(75), defaults.idleTimeout());
        assertEquals(Duration.ofMillis(500), http(-1, Map.of(), "--header-timeout", "500ms").headerTimeout());
        assertEquals("invalid --idle-timeout value 'soon' (expected e.g. 60s, 500ms, 2m)",
                assertThrows(StartupException.class, () -> http(-1, Map.of(), "--idle-timeout", "soon")).getMessage());
        assertEquals("invalid --body-timeout value '0s' (expected from 100ms to 24h)",
                assertThrows(StartupException.class, () -> http(-1, Map.of(), "--body-timeout", "0s")).getMessage());
        assertEquals("invalid --max-connections value '0' (expected a whole number from 1 to 1000000)",
                assertThrows(StartupException.class, () -> http(-1, Map.of(), "--max-connections", "0")).getMessage());
        assertEquals("invalid --max-connections value 'many' (expected a whole number from 1 to 1000000)",
                assertThrows(StartupException.class, () -> http(-1, Map.of(), "--max-connections", "many")).getMessage());
    }

    @Test
    void theMetricsTokenComesFromTheFlagOrTheEnvironmentAndIsLongEnough() {
        assertNull(http(-1, Map.of()).metricsToken());
        assertEquals("0123456789abcdef0123", http(-1, Map.of("HELYOS_METRICS_TOKEN", "0123456789abcdef0123")).metricsToken());
        assertEquals("from-the-flag-0123456", http(-1, Map.of("HELYOS_METRICS_TOKEN", "0123456789abcdef0123"),
                "--metrics-token", "from-the-flag-0123456").metricsToken());
        assertTrue(assertThrows(StartupException.class, () -> http(-1, Map.of(), "--metrics-token", "short"))
                .getMessage().startsWith("invalid --metrics-token: use at least 16 characters"));
    }
}
