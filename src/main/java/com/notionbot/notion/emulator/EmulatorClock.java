package com.notionbot.notion.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock behind every timestamp the emulator writes ({@code created_time},
 * {@code last_edited_time}, webhook {@code timestamp}, relative date filters). It follows the
 * system clock until a test moves it: {@link #freezeAt} stops it (two edits in the same minute),
 * {@link #advance} moves it forward, {@link #useSystemTime} restores the real clock.
 * Rate limiting and fault durations always use real time.
 */
public final class EmulatorClock extends Clock {

    private volatile Instant frozenAt;
    private volatile Duration offset = Duration.ZERO;

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }

    @Override
    public Instant instant() {
        Instant frozen = frozenAt;
        return frozen != null ? frozen : Instant.now().plus(offset);
    }

    /** Stops the clock at the given instant until {@link #advance} or {@link #useSystemTime}. */
    public synchronized void freezeAt(Instant instant) {
        frozenAt = instant;
    }

    /** Stops the clock at its current reading. */
    public synchronized void freeze() {
        frozenAt = instant();
    }

    /** Lets the clock run again from the given instant. */
    public synchronized void setRunningFrom(Instant instant) {
        frozenAt = null;
        offset = Duration.between(Instant.now(), instant);
    }

    /** Moves the clock forward (or back, for a negative duration), frozen or running. */
    public synchronized void advance(Duration duration) {
        if (frozenAt != null) {
            frozenAt = frozenAt.plus(duration);
        } else {
            offset = offset.plus(duration);
        }
    }

    /** Back to the system clock. */
    public synchronized void useSystemTime() {
        frozenAt = null;
        offset = Duration.ZERO;
    }

    public boolean isFrozen() {
        return frozenAt != null;
    }
}
