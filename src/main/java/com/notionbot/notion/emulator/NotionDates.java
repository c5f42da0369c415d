package com.notionbot.notion.emulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Notion's date and timestamp formats, and the time span a date value covers for filters. */
final class NotionDates {

    /** Pages and data sources: minute-floored, {@code 2026-07-04T09:08:00.000Z}. */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** 2025-09-03 database objects: not floored, {@code 2026-07-04T09:08:57.778+00:00}. */
    static final DateTimeFormatter DATABASE_TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);
    /** Webhook event {@code timestamp}: millisecond precision. */
    static final DateTimeFormatter EVENT_TIMESTAMP = TIMESTAMP;
    private static final DateTimeFormatter DATE_TIME_WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx");
    private static final DateTimeFormatter LOCAL_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");

    private static final long DAY_MILLIS = 86_400_000L;

    private NotionDates() {
    }

    /**
     * A parsed ISO-8601 date or date-time. {@code fromMillis}/{@code toMillis} is the span it
     * covers: a whole UTC day for a date, one millisecond for a date-time (Notion compares
     * date-times at millisecond precision, UTC when no offset is given).
     */
    record Value(String rendered, long fromMillis, long toMillis, boolean dateOnly) {
    }

    static Instant floorToMinute(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MINUTES);
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /**
     * Parses a date property or filter value. Date-times keep their offset when rendered;
     * without an offset they are UTC unless the value carries a {@code time_zone}.
     */
    static Optional<Value> parse(String text, boolean hasTimeZone) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            LocalDate date = LocalDate.parse(text);
            long from = date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            return Optional.of(new Value(date.toString(), from, from + DAY_MILLIS, true));
        } catch (DateTimeParseException notADate) {
            // try the date-time forms below
        }
        try {
            OffsetDateTime odt = OffsetDateTime.parse(text);
            long at = odt.toInstant().toEpochMilli();
            return Optional.of(new Value(DATE_TIME_WITH_OFFSET.format(odt), at, at + 1, false));
        } catch (DateTimeParseException notOffset) {
            // try without offset
        }
        try {
            LocalDateTime ldt = LocalDateTime.parse(text);
            long at = ldt.toInstant(ZoneOffset.UTC).toEpochMilli();
            String rendered = hasTimeZone ? LOCAL_DATE_TIME.format(ldt) : DATE_TIME_WITH_OFFSET.format(ldt.atOffset(ZoneOffset.UTC));
            return Optional.of(new Value(rendered, at, at + 1, false));
        } catch (DateTimeParseException notLocal) {
            return Optional.empty();
        }
    }
}
