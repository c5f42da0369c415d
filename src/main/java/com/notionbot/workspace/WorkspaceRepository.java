package com.notionbot.workspace;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.Date;
import org.bson.Document;
import org.springframework.stereotype.Repository;

/** The {@code workspaces} collection: one Notion integration (token, database, mapping) each. */
@Repository
public class WorkspaceRepository {

    public static final String DEFAULT_ID = "default";

    private final MongoCollection<Document> workspaces;

    public WorkspaceRepository(MongoDatabase db) {
        this.workspaces = db.getCollection("workspaces");
    }

    /** Makes sure the default workspace exists; returns it. */
    public Document ensureDefault() {
        workspaces.updateOne(eq("_id", DEFAULT_ID),
                Updates.combine(Updates.setOnInsert("name", "default"), Updates.setOnInsert("created_at", new Date())),
                new UpdateOptions().upsert(true));
        return find(DEFAULT_ID);
    }

    public Document find(String id) {
        return workspaces.find(eq("_id", id)).first();
    }

    public MongoCollection<Document> collection() {
        return workspaces;
    }
}
