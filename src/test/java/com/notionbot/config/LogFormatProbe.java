package com.notionbot.config;

import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts an empty Spring Boot application with the gateway's application.properties (so its
 * logging settings) and writes one access-log line with a request id; run in a child JVM by
 * {@link LogFormatTest}.
 */
@SpringBootConfiguration
public class LogFormatProbe {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(LogFormatProbe.class)
                .web(WebApplicationType.NONE).run(args);
        MDC.put("request_id", "probe-42");
        LoggerFactory.getLogger("notionbot.access").info("GET /probe 200 1ms");
        MDC.clear();
        context.close();
    }
}
