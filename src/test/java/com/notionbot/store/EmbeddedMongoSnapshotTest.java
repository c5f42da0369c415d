package com.notionbot.store;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.bson.Document;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server encodes a reply after the collection lock is released: whatever a query or
 * findAndModify hands out must not change when a later write touches the same document.
 */
class EmbeddedMongoSnapshotTest {

    @TempDir
    Path dataDir;

    private EmbeddedMongo mongo;
    private MongoCollection<?> tasks;

    @BeforeEach
    void start() {
        mongo = EmbeddedMongo.start(dataDir, "127.0.0.1", 0);
        tasks = mongo.backend().resolveDatabase("snapshots").createCollectionOrThrowIfExists("tasks");
        tasks.addDocument(new Document("_id", 1).append("sync", new Document("state", "failed")));
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void findAndModifyAnswersWithItsOwnResultEvenWhenAnotherWriteFollowsAtOnce() {
        Document answer = tasks.findAndModify(new Document("findAndModify", "tasks")
                .append("query", new Document("_id", 1))
                .append("update", new Document("$set", new Document("sync.state", "pending")))
                .append("new", true));
        Document value = (Document) answer.get("value");

        setState("syncing");

        assertThat(((Document) value.get("sync")).get("state")).isEqualTo("pending");
        assertThat(state()).isEqualTo("syncing");
    }

    @Test
    void queryResultsAreSnapshotsThatLaterUpdatesDoNotChange() {
        Document read = tasks.handleQuery(new Document("_id", 1)).iterator().next();

        setState("synced");

        assertThat(((Document) read.get("sync")).get("state")).isEqualTo("failed");
        assertThat(state()).isEqualTo("synced");
    }

    @Test
    void aDocumentReadBeforeAFindAndModifyKeepsWhatItSaid() {
        Document read = tasks.handleQuery(new Document("_id", 1)).iterator().next();

        tasks.findAndModify(new Document("findAndModify", "tasks")
                .append("query", new Document("_id", 1))
                .append("update", new Document("$set", new Document("sync.state", "syncing")).append("$inc",
                        new Document("attempts", 1))));

        assertThat(((Document) read.get("sync")).get("state")).isEqualTo("failed");
        assertThat(read).doesNotContainKey("attempts");
        assertThat(state()).isEqualTo("syncing");
    }

    @Test
    void updatesStillPersistAcrossARestart() {
        setState("synced");
        mongo.stop();
        mongo.restart();
        tasks = mongo.backend().resolveDatabase("snapshots").resolveCollection("tasks", true);

        assertThat(state()).isEqualTo("synced");
    }

    private void setState(String state) {
        tasks.updateDocuments(new Document("_id", 1), new Document("$set", new Document("sync.state", state)),
                ArrayFilters.empty(), false, false, de.bwaldvogel.mongo.oplog.NoopOplog.get());
    }

    private Object state() {
        Document stored = tasks.handleQuery(new Document("_id", 1)).iterator().next();
        return ((Document) stored.get("sync")).get("state");
    }
}
