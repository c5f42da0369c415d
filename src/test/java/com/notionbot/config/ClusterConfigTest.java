package com.notionbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** CLUSTER_BACKEND=file, the alternative to the MongoDB lease (which the gateway tests run on). */
class ClusterConfigTest {

    @TempDir
    Path root;

    private final ObjectProvider<MongoDatabase> noDatabase = new StaticListableBeanFactory().getBeanProvider(MongoDatabase.class);

    @Test
    void theFileBackendRegistersOneFileLockServiceThatTakesTheLeadership() throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        new ClusterConfig().registerClusterService("file", "member-1", 15, 3000, root.toString(), 100, 500, 3, noDatabase)
                .beforeApplicationStart(camel);

        assertThat(camel.hasServices(CamelClusterService.class)).singleElement()
                .isInstanceOfSatisfying(FileLockClusterService.class, service -> {
                    assertThat(service.getId()).isEqualTo("member-1");
                    assertThat(service.getRoot()).isEqualTo(root.toString());
                });
        camel.start();
        try {
            CamelClusterView view = camel.hasService(CamelClusterService.class).getView("notion-sync");
            view.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> view.getLocalMember().isLeader());
            assertThat(Files.exists(root.resolve("notion-sync"))).isTrue();
        } finally {
            camel.stop();
        }
    }

    @Test
    void anUnknownBackendStopsTheStartWithAClearMessage() {
        assertThatThrownBy(() -> new ClusterConfig().registerClusterService("zookeeper", "m", 15, 3000, root.toString(),
                100, 500, 3, noDatabase))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("mongo or file");
    }
}
