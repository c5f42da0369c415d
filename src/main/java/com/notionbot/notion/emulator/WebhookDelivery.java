package com.notionbot.notion.emulator;

import java.time.Instant;

/**
 * One webhook POST the emulator made.
 *
 * @param eventId   the event {@code id}, or {@code null} for the verification request
 * @param type      the event {@code type}, or {@code "verification"}
 * @param url       where it was sent
 * @param body      the exact body bytes sent, as UTF-8 text
 * @param signature the {@code X-Notion-Signature} header sent
 * @param status    the receiver's HTTP status, or -1 when the POST failed
 * @param error     why the POST failed, or {@code null}
 * @param sentAt    real time of sending
 */
public record WebhookDelivery(String eventId, String type, String url, String body, String signature, int status,
                              String error, Instant sentAt) {

    public boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
