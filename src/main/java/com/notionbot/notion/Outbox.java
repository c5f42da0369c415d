package com.notionbot.notion;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.notionbot.task.TaskRepository;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The outbox: tasks whose {@code sync.state} is pending. A task is claimed with a lease by one
 * findOneAndUpdate, so two replicas never send the same task and a crashed one's work is claimed
 * again once its lease expires. Every state change is conditional on holding the lease.
 */
@Component("outbox")
public class Outbox {

    private final MongoCollection<Document> tasks;
    private final Duration lease;
    private final String owner;

    public Outbox(TaskRepository repository, @Value("${notion.dispatch.lease-seconds}") long leaseSeconds) {
        this.tasks = repository.collection();
        this.lease = Duration.ofSeconds(leaseSeconds);
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String owner() {
        return owner;
    }

    /**
     * Claims up to {@code max} due tasks (pending and due, or syncing with an expired lease), oldest
     * due first. One query finds the candidates; each is then claimed by id with the same due
     * condition, so a task another replica took in between is simply skipped. (One findOneAndUpdate
     * per task would cost a scan of the outbox per task on a server without a usable index, as the
     * embedded one is; here a batch costs one.)
     */
    public List<Document> claim(int max) {
        List<Document> claimed = new ArrayList<>();
        for (int round = 0; round < 3 && claimed.isEmpty(); round++) {
            List<ObjectId> candidates = tasks.find(due(new Date()))
                    .sort(Sorts.ascending("sync.next_attempt_at"))
                    .projection(Projections.include("_id"))
                    .limit(max)
                    .map(candidate -> candidate.getObjectId("_id"))
                    .into(new ArrayList<>());
            if (candidates.isEmpty()) {
                break;
            }
            for (ObjectId id : candidates) {
                Date now = new Date();
                Document task = tasks.findOneAndUpdate(and(eq("_id", id), due(now)),
                        Updates.combine(
                                Updates.set("sync.state", "syncing"),
                                Updates.set("sync.lease_owner", owner),
                                Updates.set("sync.lease_until", Date.from(now.toInstant().plus(lease)))),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
                if (task != null) {
                    claimed.add(task);
                }
            }
            // every candidate was taken by another replica meanwhile: look again (at most twice)
        }
        return claimed;
    }

    private static Bson due(Date now) {
        return or(and(eq("sync.state", "pending"), lte("sync.next_attempt_at", now)),
                and(eq("sync.state", "syncing"), lt("sync.lease_until", now)));
    }

    /** Re-reads a claimed task and renews its lease; null when the lease was lost. */
    public Document renew(ObjectId id) {
        return tasks.findOneAndUpdate(and(eq("_id", id), eq("sync.lease_owner", owner), eq("sync.state", "syncing")),
                Updates.set("sync.lease_until", Date.from(Instant.now().plus(lease))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }

    /** Records that a create is about to be sent: after an ambiguous failure, look before creating again. */
    public boolean markCreateAttempt(ObjectId id, long version) {
        return tasks.updateOne(and(eq("_id", id), eq("sync.lease_owner", owner)),
                Updates.combine(Updates.set("sync.create_attempted_at", new Date()),
                        Updates.set("sync.create_version", version))).getModifiedCount() == 1;
    }

    /** A create or lookup ended without a page: the next attempt may create without looking. */
    public void clearCreateAttempt(ObjectId id) {
        tasks.updateOne(and(eq("_id", id), eq("sync.lease_owner", owner)),
                Updates.combine(Updates.unset("sync.create_attempted_at"), Updates.unset("sync.create_version")));
    }

    /**
     * Success: Notion has {@code sentVersion}. Synced when the task did not change meanwhile;
     * otherwise pending again at once, so the newest state follows in one more call.
     */
    public void succeeded(ObjectId id, long sentVersion, String pageId, Document snapshot, String lastEditedTime) {
        Date now = new Date();
        List<Bson> common = new ArrayList<>(List.of(
                Updates.set("sync.synced_version", sentVersion),
                Updates.set("sync.synced_at", now),
                Updates.set("sync.attempts", 0),
                Updates.set("sync.last_error", null),
                Updates.unset("sync.lease_owner"),
                Updates.unset("sync.lease_until"),
                Updates.unset("sync.create_attempted_at"),
                Updates.unset("sync.create_version")));
        if (pageId != null) {
            common.add(Updates.set("notion_page_id", pageId));
        }
        if (snapshot != null) {
            common.add(Updates.set("sync.snapshot", snapshot));
        }
        if (lastEditedTime != null) {
            common.add(Updates.set("sync.last_edited_time", lastEditedTime));
        }
        List<Bson> synced = new ArrayList<>(common);
        synced.add(Updates.set("sync.state", "synced"));
        if (tasks.updateOne(and(eq("_id", id), eq("sync.lease_owner", owner), eq("version", sentVersion)),
                Updates.combine(synced)).getModifiedCount() == 1) {
            return;
        }
        List<Bson> again = new ArrayList<>(common);
        again.add(Updates.set("sync.state", "pending"));
        again.add(Updates.set("sync.next_attempt_at", now));
        if (tasks.updateOne(and(eq("_id", id), eq("sync.lease_owner", owner)), Updates.combine(again)).getModifiedCount() == 0
                && pageId != null) {
            // The lease was lost while the call was in flight: never forget that the page exists.
            tasks.updateOne(and(eq("_id", id), eq("notion_page_id", null)), Updates.set("notion_page_id", pageId));
        }
    }

    /** A page was found for the task (after an ambiguous create): record it, send the latest state next. */
    public void foundPage(ObjectId id, String pageId) {
        tasks.updateOne(and(eq("_id", id), eq("sync.lease_owner", owner)), Updates.combine(
                Updates.set("notion_page_id", pageId),
                Updates.set("sync.state", "pending"),
                Updates.set("sync.next_attempt_at", new Date()),
                Updates.unset("sync.lease_owner"),
                Updates.unset("sync.lease_until"),
                Updates.unset("sync.create_attempted_at"),
                Updates.unset("sync.create_version")));
    }

    /** Back to pending for an immediate next attempt (not a failure: no attempt counted). */
    public void retryNow(ObjectId id) {
        tasks.updateOne(and(eq("_id", id), eq("sync.lease_owner", owner)), Updates.combine(
                Updates.set("sync.state", "pending"),
                Updates.set("sync.next_attempt_at", new Date()),
                Updates.unset("sync.lease_owner"),
                Updates.unset("sync.lease_until")));
    }

    /** Retryable trouble: back to pending, tried again after {@code delay}. */
    public void defer(ObjectId id, Duration delay, Document error) {
        tasks.updateOne(and(eq("_id", id), eq("sync.lease_owner", owner)), Updates.combine(
                Updates.set("sync.state", "pending"),
                Updates.set("sync.next_attempt_at", Date.from(Instant.now().plus(delay))),
                Updates.inc("sync.attempts", 1),
                Updates.set("sync.last_error", error),
                Updates.unset("sync.lease_owner"),
                Updates.unset("sync.lease_until")));
    }

    /** Not retryable: failed, with Notion's code and message, until POST /tasks/{id}/sync. */
    public void fail(ObjectId id, Document error) {
        tasks.updateOne(and(eq("_id", id), eq("sync.lease_owner", owner)), Updates.combine(
                Updates.set("sync.state", "failed"),
                Updates.inc("sync.attempts", 1),
                Updates.set("sync.last_error", error),
                Updates.unset("sync.lease_owner"),
                Updates.unset("sync.lease_until")));
    }

    public long count(String state) {
        return tasks.countDocuments(eq("sync.state", state));
    }
}
