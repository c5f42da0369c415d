package com.notionbot.config;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.notionbot.store.EmbeddedMongo;
import com.notionbot.store.EmbeddedStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connects to the MongoDB named by {@code MONGODB_URI}, or, when it is empty, starts the embedded
 * wire-protocol server under {@code DATA_DIR} and connects to it over TCP like to any other server.
 */
@Configuration(proxyBeanMethods = false)
class MongoConfig {

    @Bean(destroyMethod = "close")
    EmbeddedStore embeddedStore(@Value("${mongodb.uri}") String uri,
                                @Value("${data.dir}") String dataDir,
                                @Value("${mongodb.embedded.host}") String host,
                                @Value("${mongodb.embedded.port}") int port) {
        if (!uri.isBlank()) {
            return new EmbeddedStore(Optional.empty());
        }
        return new EmbeddedStore(Optional.of(EmbeddedMongo.start(Path.of(dataDir), host, port)));
    }

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(EmbeddedStore store, @Value("${mongodb.uri}") String uri) {
        ConnectionString cs = new ConnectionString(
                store.server().map(EmbeddedMongo::connectionString).orElse(uri));
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(cs)
                .applicationName("notion-bot");
        if (cs.getWriteConcern() == null) {
            // Acknowledged means durable: a majority of the replica set has it in its journal.
            settings.writeConcern(WriteConcern.MAJORITY.withJournal(true));
        }
        if (!uri.contains("serverSelectionTimeoutMS")) {
            // Fail a request within seconds (503) rather than hang 30 s when the database is down.
            settings.applyToClusterSettings(c -> c.serverSelectionTimeout(5, TimeUnit.SECONDS));
        }
        return MongoClients.create(settings.build());
    }

    @Bean
    MongoDatabase notionBotDatabase(MongoClient client, @Value("${mongodb.database}") String name) {
        return client.getDatabase(name);
    }
}
