package com.notionbot.config;

import com.notionbot.notion.LocalNotion;
import com.notionbot.notion.NotionWorkspaces;
import com.notionbot.notion.PropertyMapping;
import com.notionbot.notion.emulator.NotionEmulator;
import com.notionbot.workspace.WorkspaceRepository;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The default workspace's Notion side: the real API when {@code NOTION_API_KEY} is set, otherwise
 * the local Notion emulator, started on its own port so the whole loop works out of the box.
 */
@Configuration(proxyBeanMethods = false)
class NotionConfig {

    private static final Logger log = LoggerFactory.getLogger(NotionConfig.class);

    @Bean(destroyMethod = "close")
    LocalNotion localNotion(@Value("${notion.api-key}") String apiKey,
                            @Value("${notion.emulator.host}") String host,
                            @Value("${notion.emulator.port}") int port,
                            @Value("${notion.emulator.rate-per-second}") double rate,
                            @Value("${notion.emulator.burst}") int burst) {
        if (!apiKey.isBlank()) {
            return new LocalNotion(Optional.empty());
        }
        NotionEmulator emulator = NotionEmulator.start(NotionEmulator.config().host(host).port(port).rateLimit(rate, burst));
        log.warn("NOTION_API_KEY is not set: using the local Notion EMULATOR at {} (nothing reaches notion.so)",
                emulator.baseUrl());
        return new LocalNotion(Optional.of(emulator));
    }

    /** Writes the default workspace's Notion settings from the environment (or the emulator). */
    @Bean
    DefaultWorkspaceSettings defaultWorkspaceSettings(LocalNotion local, NotionWorkspaces workspaces,
                                                      WorkspaceRepository repository,
                                                      @Value("${notion.api-key}") String apiKey,
                                                      @Value("${notion.database-id}") String databaseId,
                                                      @Value("${notion.base-url}") String baseUrl,
                                                      @Value("${notion.version}") String version,
                                                      @Value("${notion.rate.requests-per-second}") int rate) {
        repository.ensureDefault();
        if (local.emulator().isPresent()) {
            NotionEmulator emu = local.emulator().get();
            workspaces.configure(WorkspaceRepository.DEFAULT_ID, "default", emu.defaultToken(), emu.baseUrl(), version,
                    emu.defaultDatabaseId(), rate, PropertyMapping.DEFAULT_NAMES, true);
        } else if (databaseId.isBlank()) {
            log.warn("NOTION_API_KEY is set but NOTION_DATABASE_ID is not: tasks wait until it is");
        } else {
            workspaces.configure(WorkspaceRepository.DEFAULT_ID, "default", apiKey, baseUrl, version, databaseId, rate,
                    PropertyMapping.DEFAULT_NAMES, false);
        }
        return new DefaultWorkspaceSettings();
    }

    /** Marker: the default workspace's settings are written. */
    record DefaultWorkspaceSettings() {
    }
}
