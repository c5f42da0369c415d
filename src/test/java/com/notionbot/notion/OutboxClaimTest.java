package com.notionbot.notion;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.notionbot.store.EmbeddedMongo;
import com.notionbot.task.TaskRepository;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox's claim, against the embedded MongoDB over its socket. */
class OutboxClaimTest {

    @TempDir
    Path dataDir;

    private EmbeddedMongo mongo;
    private MongoClient client;
    private MongoCollection<Document> tasks;
    /** Commands sent, copied while the listener runs (the event's document is only valid then). */
    private final List<Sent> commands = Collections.synchronizedList(new ArrayList<>());

    private record Sent(String name, String json) {}

    @BeforeEach
    void start() {
        mongo = EmbeddedMongo.start(dataDir, "127.0.0.1", 0);
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongo.connectionString()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        commands.add(new Sent(event.getCommandName(), event.getCommand().toJson()));
                    }
                })
                .build());
        tasks = client.getDatabase("notion_bot").getCollection("tasks");
    }

    @AfterEach
    void stop() {
        client.close();
        mongo.close();
    }

    private Outbox outbox() {
        return new Outbox(new TaskRepository(client.getDatabase("notion_bot")), 300);
    }

    private ObjectId task(String state, Instant nextAttempt, Instant leaseUntil) {
        ObjectId id = new ObjectId();
        Document sync = new Document("state", state).append("next_attempt_at", Date.from(nextAttempt));
        if (leaseUntil != null) {
            sync.append("lease_owner", "someone else").append("lease_until", Date.from(leaseUntil));
        }
        tasks.insertOne(new Document("_id", id).append("title", "t").append("version", 1L).append("sync", sync));
        return id;
    }

    @Test
    void claimsDueTasksOldestFirstAndLeavesTheRestAlone() {
        Instant now = Instant.now();
        ObjectId second = task("pending", now.minusSeconds(20), null);
        ObjectId first = task("pending", now.minusSeconds(30), null);
        ObjectId expiredLease = task("syncing", now.minusSeconds(10), now.minusSeconds(1));
        task("pending", now.plusSeconds(60), null);                        // not due yet
        task("syncing", now.minusSeconds(40), now.plusSeconds(200));       // someone holds it
        task("synced", now.minusSeconds(50), null);
        task("failed", now.minusSeconds(50), null);
        Outbox outbox = outbox();

        List<Document> claimed = outbox.claim(2);

        assertThat(claimed).extracting(d -> d.getObjectId("_id")).containsExactly(first, second);
        assertThat(claimed).allSatisfy(d -> {
            Document sync = d.get("sync", Document.class);
            assertThat(sync.getString("state")).isEqualTo("syncing");
            assertThat(sync.getString("lease_owner")).isEqualTo(outbox.owner());
            assertThat(sync.getDate("lease_until")).isAfter(new Date());
        });
        assertThat(outbox.claim(10)).extracting(d -> d.getObjectId("_id")).containsExactly(expiredLease);
        assertThat(outbox.claim(10)).isEmpty();
    }

    @Test
    void aBatchCostsOneSearchOfTheOutboxAndOneClaimByIdPerTask() {
        Instant now = Instant.now();
        for (int i = 0; i < 6; i++) {
            task("pending", now.minusSeconds(i), null);
        }
        commands.clear();

        assertThat(outbox().claim(4)).hasSize(4);

        List<String> names = commands.stream().map(Sent::name).toList();
        assertThat(names).containsExactly("find", "findAndModify", "findAndModify", "findAndModify", "findAndModify");
        assertThat(commands.stream().filter(c -> c.name().equals("findAndModify")))
                .allSatisfy(c -> assertThat(Document.parse(c.json()).get("query", Document.class).toJson())
                        .contains("\"_id\""));
    }

    @Test
    void replicasClaimingAtOnceNeverTakeTheSameTask() throws Exception {
        Instant now = Instant.now();
        List<ObjectId> all = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            all.add(task("pending", now.minusMillis(i), null));
        }
        List<Outbox> replicas = List.of(outbox(), outbox(), outbox());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<ObjectId>>> runs = new ArrayList<>();
            for (int worker = 0; worker < 6; worker++) {
                Outbox replica = replicas.get(worker % replicas.size());
                runs.add(pool.submit(() -> {
                    List<ObjectId> mine = new ArrayList<>();
                    for (List<Document> batch = replica.claim(4); !batch.isEmpty(); batch = replica.claim(4)) {
                        batch.forEach(d -> mine.add(d.getObjectId("_id")));
                    }
                    return mine;
                }));
            }
            List<ObjectId> claimed = new ArrayList<>();
            for (Future<List<ObjectId>> run : runs) {
                claimed.addAll(run.get());
            }
            assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
        } finally {
            pool.shutdownNow();
        }
    }
}
