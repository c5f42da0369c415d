package com.notionbot.store;

import java.util.Optional;

/** The embedded MongoDB server when the gateway runs one (no MONGODB_URI), else empty. */
public record EmbeddedStore(Optional<EmbeddedMongo> server) implements AutoCloseable {

    public boolean active() {
        return server.isPresent();
    }

    @Override
    public void close() {
        server.ifPresent(EmbeddedMongo::close);
    }
}
