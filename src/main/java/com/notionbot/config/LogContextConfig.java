package com.notionbot.config;

import java.util.Map;
import org.slf4j.MDC;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;

/**
 * The request's correlation id ({@code request_id}, set by {@code RequestMetricsFilter}) follows
 * the request onto Spring's task executor, where platform-http runs the Camel routes, so their log
 * lines carry it too.
 */
@Configuration(proxyBeanMethods = false)
class LogContextConfig {

    @Bean
    TaskDecorator logContextPropagation() {
        return task -> {
            Map<String, String> context = MDC.getCopyOfContextMap();
            return () -> {
                Map<String, String> previous = MDC.getCopyOfContextMap();
                if (context == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(context);
                }
                try {
                    task.run();
                } finally {
                    if (previous == null) {
                        MDC.clear();
                    } else {
                        MDC.setContextMap(previous);
                    }
                }
            };
        };
    }
}
