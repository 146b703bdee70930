package dev.helyos.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {
    @ParameterizedTest
    @CsvSource({"500ms, 500ms, 500", "10s, 10s, 10000", "10, 10s, 10000", "5m, 5m, 300000", "2h, 2h, 7200000",
            "120s, 2m, 120000", "90s, 90s, 90000", "1500ms, 1500ms, 1500", "3600000ms, 1h, 3600000"})
    void durationsParseAndFormatInTheLargestExactUnit(String text, String canonical, long millis) {
        Duration d = Units.parseDuration(text);
        assertEquals(Duration.ofMillis(millis), d);
        assertEquals(canonical, Units.formatDuration(d));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "-1s", "1.5s", "10 s", "10S", "1d", "1h30m", " 10s"})
    void notDurations(String text) {
        assertThrows(IllegalArgumentException.class, () -> Units.parseDuration(text));
    }

    @Test
    void anOverflowingDurationIsHugeRatherThanAnError() {
        assertEquals(Units.HUGE_DURATION, Units.parseDuration("9223372036854775807h"));
        assertEquals(Units.HUGE_DURATION, Units.parseDuration("99999999999999999999999s"));
    }

    @ParameterizedTest
    @CsvSource({"512m, 536870912, 512m", "512M, 536870912, 512m", "1024m, 1073741824, 1g", "1k, 1024, 1k",
            "2048K, 2097152, 2m", "2G, 2147483648, 2g"})
    void memoryIsPowersOf1024(String text, long bytes, String canonical) {
        assertEquals(bytes, Units.parseMemory(text));
        assertEquals(canonical, Units.formatMemory(bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"512", "512mb", "1.5g", "m", "-1m", "1t", " 1g"})
    void notMemorySizes(String text) {
        assertThrows(IllegalArgumentException.class, () -> Units.parseMemory(text));
    }

    @Test
    void anOverflowingMemorySizeSaturates() {
        assertEquals(Long.MAX_VALUE, Units.parseMemory("8589934592g"));
        assertEquals(Long.MAX_VALUE, Units.parseMemory("99999999999999999999k"));
        assertEquals(8589934591L << 30, Units.parseMemory("8589934591g"));
    }
}
