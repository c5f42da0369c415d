package com.notionbot.config;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One leader at a time for dispatch and reconciliation: the {@code master:} routes run on the
 * instance holding the cluster lock. Camel's master component only looks among the CamelContext's
 * services, not the Spring registry, and the starter initialises it before binding properties, so
 * the file-lock cluster service is added to the context here (see shared/stack.md §7).
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfig {

    @Bean
    CamelContextConfiguration registerClusterService(@Qualifier("file-lock-cluster-service") CamelClusterService service) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
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
}
