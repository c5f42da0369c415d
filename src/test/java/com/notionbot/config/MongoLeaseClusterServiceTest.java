package com.notionbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.notionbot.store.EmbeddedMongo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.impl.DefaultCamelContext;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leadership through a lease document, against the embedded MongoDB over its socket. */
class MongoLeaseClusterServiceTest {

    private static final Duration LEASE = Duration.ofMillis(1500);
    private static final Duration RENEW = Duration.ofMillis(200);

    @TempDir
    Path dataDir;

    private EmbeddedMongo mongo;
    private MongoClient client;
    private MongoCollection<Document> leases;
    private final List<MongoLeaseClusterService> services = new ArrayList<>();

    @BeforeEach
    void start() {
        mongo = EmbeddedMongo.start(dataDir, "127.0.0.1", 0);
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongo.connectionString()))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(300, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(300, TimeUnit.MILLISECONDS).readTimeout(500, TimeUnit.MILLISECONDS))
                .build());
        leases = client.getDatabase("notion_bot").getCollection("leases");
    }

    @AfterEach
    void stop() throws Exception {
        for (MongoLeaseClusterService service : services) {
            service.stop();
        }
        client.close();
        mongo.close();
    }

    private CamelClusterView view(String member) throws Exception {
        MongoLeaseClusterService service = new MongoLeaseClusterService(member, leases, LEASE, RENEW, Clock.systemUTC());
        service.setCamelContext(new DefaultCamelContext());
        services.add(service);
        service.start();
        CamelClusterView view = service.getView("notion-sync");
        view.start();
        return view;
    }

    @Test
    void exactlyOneOfTwoReplicasLeadsAndTheOtherKnowsWho() throws Exception {
        CamelClusterView a = view("a");
        CamelClusterView b = view("b");

        await().atMost(Duration.ofSeconds(3)).until(() -> a.getLocalMember().isLeader() || b.getLocalMember().isLeader());
        // never two leaders, over ten renewals
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
                .until(() -> !(a.getLocalMember().isLeader() && b.getLocalMember().isLeader()));
        CamelClusterView leader = a.getLocalMember().isLeader() ? a : b;
        CamelClusterView follower = leader == a ? b : a;
        assertThat(follower.getLocalMember().isLeader()).isFalse();
        assertThat(follower.getLeader()).hasValueSatisfying(m -> {
            assertThat(m.getId()).isEqualTo(leader.getLocalMember().getId());
            assertThat(m.isLocal()).isFalse();
        });
        assertThat(leases.find(new Document("_id", "notion-sync")).first().getString("owner"))
                .isEqualTo(leader.getLocalMember().getId());
    }

    @Test
    void aStoppingLeaderHandsOverAtTheOthersNextAttempt() throws Exception {
        CamelClusterView a = view("a");
        await().atMost(Duration.ofSeconds(3)).until(() -> a.getLocalMember().isLeader());
        CamelClusterView b = view("b");
        List<Boolean> bEvents = new CopyOnWriteArrayList<>();
        b.addEventListener((CamelClusterEventListener.Leadership) (view, leader) ->
                bEvents.add(leader != null && leader.isLocal()));

        long stoppedAt = System.nanoTime();
        services.get(0).stop();

        await().atMost(Duration.ofSeconds(2)).until(() -> b.getLocalMember().isLeader());
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(LEASE);
        assertThat(bEvents).contains(true);
    }

    @Test
    void aCrashedLeadersLeaseIsTakenOnlyOnceItRunsOut() throws Exception {
        // a replica died while leading: its lease document stays as it wrote it
        leases.insertOne(new Document("_id", "notion-sync").append("owner", "dead")
                .append("lease_until", new Date(System.currentTimeMillis() + 1000)));
        CamelClusterView b = view("b");

        await().during(Duration.ofMillis(600)).atMost(Duration.ofMillis(900)).until(() -> !b.getLocalMember().isLeader());
        assertThat(b.getLeader()).hasValueSatisfying(m -> assertThat(m.getId()).isEqualTo("dead"));
        await().atMost(Duration.ofSeconds(2)).until(() -> b.getLocalMember().isLeader());
    }

    @Test
    void aLeaderThatCannotRenewGivesUpBeforeItsLeaseRunsOutAndLeadsAgainLater() throws Exception {
        CamelClusterView a = view("a");
        await().atMost(Duration.ofSeconds(3)).until(() -> a.getLocalMember().isLeader());

        mongo.stop();
        long stoppedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(4)).until(() -> !a.getLocalMember().isLeader());
        // it must not lead past its lease: another replica may hold it by then
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(LEASE.plus(Duration.ofMillis(600)));

        mongo.restart();
        await().atMost(Duration.ofSeconds(5)).until(() -> a.getLocalMember().isLeader());
    }

    @Test
    void aLeaseShorterThanTwoRenewalsIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MongoLeaseClusterService("x", leases,
                Duration.ofSeconds(2), Duration.ofSeconds(1), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
