package dev.helyos.kernel;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** A clock the test moves by hand. */
public final class MovableClock extends Clock {
    public Instant now = Instant.parse("2026-11-28T12:00:00Z");

    public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    public Clock withZone(java.time.ZoneId zone) {
        return this;
    }

    public Instant instant() {
        return now;
    }
}
