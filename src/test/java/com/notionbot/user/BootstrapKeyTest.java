package com.notionbot.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.notionbot.store.EmbeddedMongo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installing API_KEY, as every replica does at start. */
class BootstrapKeyTest {

    @TempDir
    Path dataDir;

    @Test
    void replicasStartingTogetherInstallTheBootstrapKeyOnceWithoutFailing() throws Exception {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                for (int round = 0; round < 5; round++) {
                    MongoDatabase db = client.getDatabase("bootstrap_" + round);
                    UserRepository users = new UserRepository(db);
                    users.createIndexes();
                    CyclicBarrier together = new CyclicBarrier(6);
                    List<Future<?>> replicas = new ArrayList<>();
                    for (int i = 0; i < 6; i++) {
                        replicas.add(pool.submit(() -> {
                            together.await();
                            Bootstrap.installKey(users, "shared-bootstrap-key-0123456789");
                            return null;
                        }));
                    }
                    for (Future<?> replica : replicas) {
                        replica.get(); // a replica that failed to start would throw here
                    }
                    assertThat(db.getCollection("users").countDocuments(new Document("api_key_hash",
                            ApiKeys.hash("shared-bootstrap-key-0123456789")))).isEqualTo(1);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
