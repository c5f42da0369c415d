package com.notionbot.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.or;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.notionbot.store.EmbeddedMongo.SnapshotH2Collection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries that pin {@code _id} inside an {@code $and} look up that one document through the index
 * (instead of scanning the collection) and still answer exactly what MongoDB would.
 */
class EmbeddedMongoQueryTest {

    @TempDir
    Path dataDir;

    private EmbeddedMongo mongo;
    private MongoClient client;
    private MongoCollection<org.bson.Document> tasks;
    private final List<ObjectId> ids = new ArrayList<>();

    @BeforeEach
    void start() {
        mongo = EmbeddedMongo.start(dataDir, "127.0.0.1", 0);
        client = MongoClients.create(mongo.connectionString());
        tasks = client.getDatabase("q").getCollection("tasks");
        for (int i = 0; i < 20; i++) {
            ObjectId id = new ObjectId();
            ids.add(id);
            tasks.insertOne(new org.bson.Document("_id", id).append("n", i).append("owner", i % 2 == 0 ? "a" : "b")
                    .append("sync", new org.bson.Document("state", i < 10 ? "pending" : "synced")));
        }
    }

    @AfterEach
    void stop() {
        client.close();
        mongo.close();
    }

    @Test
    void anIdInsideAnAndStillHonoursEveryOtherCondition() {
        ObjectId even = ids.get(4);

        assertThat(tasks.find(and(eq("_id", even), eq("owner", "a"))).first()).extracting(d -> d.get("n")).isEqualTo(4);
        assertThat(tasks.find(and(eq("_id", even), eq("owner", "b"))).first()).isNull();
        assertThat(tasks.find(and(eq("_id", even), or(eq("sync.state", "synced"), gt("n", 3)))).first())
                .extracting(d -> d.get("n")).isEqualTo(4);
        assertThat(tasks.find(and(eq("_id", new ObjectId()), eq("owner", "a"))).first()).isNull();
        assertThat(tasks.find(and(and(eq("owner", "a"), eq("_id", even)), eq("sync.state", "pending"))).first())
                .extracting(d -> d.get("n")).isEqualTo(4);
    }

    @Test
    void conditionalUpdatesByIdChangeOnlyWhenTheConditionHolds() {
        ObjectId odd = ids.get(5);

        assertThat(tasks.updateOne(and(eq("_id", odd), eq("owner", "a")), Updates.set("n", 500)).getModifiedCount()).isZero();
        org.bson.Document after = tasks.findOneAndUpdate(and(eq("_id", odd), eq("owner", "b")), Updates.set("n", 501),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));

        assertThat(after.get("n")).isEqualTo(501);
        assertThat(tasks.countDocuments(eq("n", 501))).isEqualTo(1);
        assertThat(tasks.countDocuments(eq("n", 500))).isZero();
    }

    @Test
    void queriesWithoutAPinnedIdScanAsBefore() {
        assertThat(tasks.find(in("_id", ids.get(1), ids.get(2))).into(new ArrayList<>())).hasSize(2);
        assertThat(tasks.find(or(eq("_id", ids.get(1)), eq("n", 7))).into(new ArrayList<>())).hasSize(2);
        assertThat(tasks.find(eq("owner", "a")).sort(Sorts.descending("n")).limit(3).into(new ArrayList<>()))
                .extracting(d -> d.get("n")).containsExactly(18, 16, 14);
    }

    @Test
    void onlyOnePlainEqualityPinsAField() {
        de.bwaldvogel.mongo.bson.Document id = new de.bwaldvogel.mongo.bson.Document("_id", 7);
        assertThat(SnapshotH2Collection.pinnedValue(id, "_id", 0)).isEqualTo(7);
        assertThat(SnapshotH2Collection.pinnedValue(new de.bwaldvogel.mongo.bson.Document("$and",
                List.of(new de.bwaldvogel.mongo.bson.Document("x", 1), id)), "_id", 0)).isEqualTo(7);
        assertThat(SnapshotH2Collection.pinnedValue(new de.bwaldvogel.mongo.bson.Document("$and", List.of(
                new de.bwaldvogel.mongo.bson.Document("$and", List.of(id)))), "_id", 0)).isEqualTo(7);
        // not pinned: operators, alternatives, arrays, patterns, null
        assertThat(SnapshotH2Collection.pinnedValue(new de.bwaldvogel.mongo.bson.Document("_id",
                new de.bwaldvogel.mongo.bson.Document("$gt", 1)), "_id", 0)).isNull();
        assertThat(SnapshotH2Collection.pinnedValue(new de.bwaldvogel.mongo.bson.Document("$or", List.of(id)), "_id", 0))
                .isNull();
        assertThat(SnapshotH2Collection.pinnedValue(new de.bwaldvogel.mongo.bson.Document("_id", List.of(1, 2)), "_id", 0))
                .isNull();
        assertThat(SnapshotH2Collection.pinnedValue(new de.bwaldvogel.mongo.bson.Document("_id", Pattern.compile("a")),
                "_id", 0)).isNull();
        assertThat(SnapshotH2Collection.pinnedValue(new de.bwaldvogel.mongo.bson.Document("_id", null), "_id", 0)).isNull();
    }
}
