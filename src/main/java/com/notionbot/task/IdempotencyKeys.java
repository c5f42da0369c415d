package com.notionbot.task;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.util.Date;
import org.apache.commons.codec.digest.DigestUtils;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Repository;

/**
 * The {@code idempotency_keys} collection: one document per (user, Idempotency-Key), written
 * <em>before</em> the task it names, so a retry after any crash finds the task id it must create or
 * return. Expired keys are purged by the maintenance route (the embedded server has no TTL).
 */
@Repository
public class IdempotencyKeys {

    /** What a key already stands for. */
    public record Claim(ObjectId taskId, String requestHash, boolean fresh) {
    }

    private final MongoCollection<Document> keys;

    public IdempotencyKeys(MongoDatabase db) {
        this.keys = db.getCollection("idempotency_keys");
    }

    /** Records key → (task id, request hash) unless the key is known; returns what it stands for. */
    public Claim claim(String userId, String key, ObjectId taskId, String requestHash) {
        String id = sha256(userId + "\n" + key);
        try {
            keys.insertOne(new Document("_id", id)
                    .append("user_id", userId)
                    .append("task_id", taskId)
                    .append("request_hash", requestHash)
                    .append("created_at", new Date()));
            return new Claim(taskId, requestHash, true);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            Document existing = keys.find(eq("_id", id)).first();
            if (existing == null) {
                throw new IllegalStateException("idempotency key vanished while being read; retry");
            }
            return new Claim(existing.getObjectId("task_id"), existing.getString("request_hash"), false);
        }
    }

    public MongoCollection<Document> collection() {
        return keys;
    }

    public static String sha256(String text) {
        return DigestUtils.sha256Hex(text);
    }
}
