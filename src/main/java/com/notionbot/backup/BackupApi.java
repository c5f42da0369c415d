package com.notionbot.backup;

import com.mongodb.client.MongoDatabase;
import com.notionbot.api.ApiException;
import com.notionbot.api.ApiResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Header;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code POST /admin/backup} and {@code POST /admin/restore} (admin key): the whole
 * {@code notion_bot} database as a {@link StoreArchive} and back. Made for the embedded store,
 * which has no mongodump ({@code ops/scripts/backup.sh} and {@code restore.sh} call these when
 * {@code MONGODB_URI} is unset); it works against any MongoDB.
 */
@Component("backupApi")
public class BackupApi {

    private static final Logger log = LoggerFactory.getLogger(BackupApi.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final MongoDatabase db;
    /** One restore at a time: two would replace each other's staging collections. */
    private final ReentrantLock restoring = new ReentrantLock();

    public BackupApi(MongoDatabase db) {
        this.db = db;
    }

    /** Answers the archive ({@code application/gzip}, as an attachment). */
    public void backup(Exchange exchange) throws IOException {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        Map<String, Long> counts = StoreArchive.write(db, archive);
        log.info("Backup of {}: {} ({} bytes)", db.getName(), counts, archive.size());
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, "application/gzip");
        out.setHeader("Content-Disposition", "attachment; filename=\"notion_bot_backup_"
                + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + ".archive.gz\"");
        out.setBody(archive.toByteArray());
    }

    /**
     * Replaces the archive's collections; 400 {@code invalid_archive} (nothing changed) for a bad
     * one. The archive is read from the servlet request itself: the message body platform-http
     * hands over has been through a text conversion, which breaks binary data.
     */
    public ApiResponse restore(@Header(Exchange.HTTP_SERVLET_REQUEST) HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        if (body.length == 0) {
            throw new ApiException(400, "invalid_archive", "the body is empty: send a backup archive", null);
        }
        if (!restoring.tryLock()) {
            throw new ApiException(409, "restore_in_progress", "another restore is running; retry when it is done");
        }
        try {
            Map<String, Long> restored = StoreArchive.restore(db, new ByteArrayInputStream(body));
            log.info("Restore of {}: {}", db.getName(), restored);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("database", db.getName());
            answer.put("restored", restored);
            return ApiResponse.of(200, answer);
        } catch (StoreArchive.InvalidArchive e) {
            throw new ApiException(400, "invalid_archive", e.getMessage(), null);
        } finally {
            restoring.unlock();
        }
    }
}
