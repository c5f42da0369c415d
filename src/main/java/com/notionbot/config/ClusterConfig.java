package com.notionbot.config;

import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelContext;
import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One leader at a time for dispatch and reconciliation: the {@code master:} routes run on the
 * instance that holds the leadership. {@code cluster.backend} picks how:
 * <ul>
 *   <li>{@code mongo} (default): a lease document in the gateway's own MongoDB
 *       ({@link MongoLeaseClusterService}); replicas on any number of hosts need nothing shared
 *       but the database;</li>
 *   <li>{@code file}: Camel's file-lock cluster service; every replica must see the same directory
 *       ({@code cluster.file.root}: one host, or a shared volume).</li>
 * </ul>
 * Camel's master component only looks among the CamelContext's services, not the Spring registry,
 * and the starter initialises it before binding properties, so the chosen service is added to the
 * context here (see shared/stack.md §7).
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfig {

    private static final Logger log = LoggerFactory.getLogger(ClusterConfig.class);

    @Bean
    CamelContextConfiguration registerClusterService(
            @Value("${cluster.backend}") String backend,
            @Value("${cluster.member-id}") String memberId,
            @Value("${cluster.mongo.lease-seconds}") long leaseSeconds,
            @Value("${cluster.mongo.renew-ms}") long renewMillis,
            @Value("${cluster.file.root}") String fileRoot,
            @Value("${cluster.file.acquire-lock-delay-ms}") long acquireDelayMillis,
            @Value("${cluster.file.acquire-lock-interval-ms}") long acquireIntervalMillis,
            @Value("${cluster.file.heartbeat-timeout-multiplier}") int heartbeatMultiplier,
            ObjectProvider<MongoDatabase> db) {
        if (!backend.equals("mongo") && !backend.equals("file")) {
            throw new IllegalStateException("cluster.backend (CLUSTER_BACKEND) must be mongo or file, not " + backend);
        }
        // Looked up only when the CamelContext starts: a MongoDatabase parameter here would make
        // this configuration wait on beans that wait on Camel, and Camel would start without it.
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                CamelClusterService service = backend.equals("mongo")
                        ? new MongoLeaseClusterService(memberId, db.getObject().getCollection("leases"),
                                Duration.ofSeconds(leaseSeconds), Duration.ofMillis(renewMillis), Clock.systemUTC())
                        : fileLock(memberId, fileRoot, acquireDelayMillis, acquireIntervalMillis, heartbeatMultiplier);
                log.info("Leadership through the {} cluster service, member id {}", backend, service.getId());
                try {
                    camel.addService(service, true, true);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot register the cluster service", e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // nothing
            }
        };
    }

    /**
     * Made here rather than by camel-file-cluster-service-starter (camel.cluster.file.enabled=false):
     * with two cluster services in the context, camel-master finds none it may pick.
     */
    private static CamelClusterService fileLock(String memberId, String root, long acquireDelayMillis,
                                                long acquireIntervalMillis, int heartbeatMultiplier) {
        FileLockClusterService service = new FileLockClusterService();
        service.setId(memberId);
        service.setRoot(root);
        service.setAcquireLockDelay(acquireDelayMillis, TimeUnit.MILLISECONDS);
        service.setAcquireLockInterval(acquireIntervalMillis, TimeUnit.MILLISECONDS);
        service.setHeartbeatTimeoutMultiplier(heartbeatMultiplier);
        return service;
    }
}
