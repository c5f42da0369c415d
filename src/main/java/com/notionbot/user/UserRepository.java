package com.notionbot.user;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Repository;

/** The {@code users} collection: submitters, each in a workspace, each with a hashed API key. */
@Repository
public class UserRepository {

    private final MongoCollection<Document> users;

    public UserRepository(MongoDatabase db) {
        this.users = db.getCollection("users");
    }

    public void createIndexes() {
        users.createIndex(Indexes.ascending("api_key_hash"), new IndexOptions().unique(true));
        users.createIndex(Indexes.ascending("workspace_id"));
    }

    public Document findByKeyHash(String keyHash) {
        return users.find(and(eq("api_key_hash", keyHash), eq("disabled", false))).first();
    }

    public Document findFirstOfWorkspace(String workspaceId) {
        return users.find(eq("workspace_id", workspaceId)).sort(Sorts.ascending("_id")).first();
    }

    public Document create(String workspaceId, String name, String keyHash, String keyPrefix) {
        return create(workspaceId, name, keyHash, keyPrefix, null);
    }

    /** A new user; {@code ratePerSecond} overrides the default inbound rate limit when not null. */
    public Document create(String workspaceId, String name, String keyHash, String keyPrefix, Integer ratePerSecond) {
        Document user = new Document("_id", new ObjectId())
                .append("workspace_id", workspaceId)
                .append("name", name)
                .append("api_key_hash", keyHash)
                .append("api_key_prefix", keyPrefix)
                .append("disabled", false)
                .append("rate_limit_per_second", ratePerSecond)
                .append("created_at", new Date());
        users.insertOne(user);
        return user;
    }

    public void replaceKey(ObjectId userId, String keyHash, String keyPrefix) {
        users.updateOne(eq("_id", userId), new Document("$set",
                new Document("api_key_hash", keyHash).append("api_key_prefix", keyPrefix).append("disabled", false)));
    }

    public List<Document> list(String workspaceId) {
        return users.find(eq("workspace_id", workspaceId)).sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    public MongoCollection<Document> collection() {
        return users;
    }
}
