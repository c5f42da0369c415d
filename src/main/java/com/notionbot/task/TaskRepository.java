package com.notionbot.task;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Repository;

/**
 * The {@code tasks} collection. Every query is built with the driver's {@code Filters} from typed,
 * validated values; request bodies never become query documents. Every change is a single-document
 * atomic update, so nothing depends on transactions.
 */
@Repository
public class TaskRepository {

    public static final String PENDING = "pending";

    private final MongoCollection<Document> tasks;

    public TaskRepository(MongoDatabase db) {
        this.tasks = db.getCollection("tasks");
    }

    /** The runbook's indexes plus the outbox's. Non-unique ones are ignored by the embedded server. */
    public void createIndexes() {
        tasks.createIndex(Indexes.ascending("user_id"));
        tasks.createIndex(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("created_at")));
        tasks.createIndex(Indexes.ascending("notion_page_id"));
        tasks.createIndex(Indexes.descending("updated_at"));
        tasks.createIndex(Indexes.compoundIndex(Indexes.ascending("sync.state"), Indexes.ascending("sync.next_attempt_at")));
        tasks.createIndex(Indexes.compoundIndex(Indexes.ascending("workspace_id"), Indexes.descending("_id")),
                new IndexOptions().name("workspace_id_1__id_-1"));
    }

    public MongoCollection<Document> collection() {
        return tasks;
    }

    public void insert(Document task) {
        tasks.insertOne(task);
    }

    public Document find(String workspaceId, ObjectId id) {
        return tasks.find(and(eq("_id", id), eq("workspace_id", workspaceId))).first();
    }

    /**
     * One page of tasks, newest first. The cursor is the last id already returned, so tasks inserted
     * while a client pages through (always newer) never shift the pages it has not read yet.
     */
    public List<Document> page(String workspaceId, List<Bson> filters, ObjectId before, int limit) {
        List<Bson> all = new ArrayList<>(filters);
        all.add(eq("workspace_id", workspaceId));
        if (before != null) {
            all.add(lt("_id", before));
        }
        return tasks.find(and(all)).sort(Sorts.descending("_id")).limit(limit).into(new ArrayList<>());
    }

    /**
     * Applies a local change atomically: sets and clears fields, bumps the version and puts the task
     * in the outbox. With {@code expectedVersion}, only if the task is still at that version.
     * Returns the task after the change, or null when no task matched.
     */
    public Document applyChange(String workspaceId, ObjectId id, Long expectedVersion, Bson change, boolean requireLive) {
        List<Bson> match = new ArrayList<>(List.of(eq("_id", id), eq("workspace_id", workspaceId)));
        if (expectedVersion != null) {
            match.add(eq("version", expectedVersion));
        }
        if (requireLive) {
            match.add(eq("archived", false));
        }
        FindOneAndUpdateOptions after = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);
        for (int attempt = 0; attempt < 5; attempt++) {
            Date now = new Date();
            Bson bump = Updates.combine(change, Updates.inc("version", 1L), Updates.set("updated_at", now));
            // Not being sent right now: into the outbox.
            List<Bson> idle = new ArrayList<>(match);
            idle.add(Filters.ne("sync.state", "syncing"));
            Document done = tasks.findOneAndUpdate(and(idle), Updates.combine(bump,
                    Updates.set("sync.state", PENDING),
                    Updates.set("sync.attempts", 0),
                    Updates.set("sync.next_attempt_at", now)), after);
            if (done != null) {
                return done;
            }
            // Being sent: leave its lease alone; the dispatcher sees the newer version when it finishes
            // and sends once more, so quick edits collapse into one more call.
            List<Bson> busy = new ArrayList<>(match);
            busy.add(eq("sync.state", "syncing"));
            done = tasks.findOneAndUpdate(and(busy), bump, after);
            if (done != null) {
                return done;
            }
            if (tasks.find(and(match)).first() == null) {
                return null;
            }
            // the sync state moved between the two updates; try again
        }
        throw new IllegalStateException("task " + id + " kept changing; retry");
    }

    /** Puts a task back in the outbox without changing it (POST /tasks/{id}/sync). */
    public Document requeue(String workspaceId, ObjectId id) {
        Date now = new Date();
        Document requeued = tasks.findOneAndUpdate(and(eq("_id", id), eq("workspace_id", workspaceId),
                        Filters.ne("sync.state", "syncing")),
                Updates.combine(
                        Updates.set("sync.state", PENDING),
                        Updates.set("sync.attempts", 0),
                        Updates.set("sync.next_attempt_at", now),
                        Updates.set("sync.requeued_at", now)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        // being sent right now: it will be synced anyway; leave its lease alone
        return requeued != null ? requeued : find(workspaceId, id);
    }

    public long countByState(String state) {
        return tasks.countDocuments(eq("sync.state", state));
    }
}
