package com.notionbot.notion.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A stored data source: its database, name and property schema. Guarded by the store's lock. */
final class DataSourceRecord {

    final String id;
    final String databaseId;
    final String name;
    final Instant createdTime;
    /** Property id to definition, in schema order. */
    final Map<String, PropertyDef> properties = new LinkedHashMap<>();

    DataSourceRecord(String id, String databaseId, String name, Instant createdTime, DataSourceSchema schema) {
        this.id = id;
        this.databaseId = databaseId;
        this.name = name;
        this.createdTime = createdTime;
        replaceSchema(schema);
    }

    /** Replaces the schema; properties that keep their name and type keep their id and options. */
    void replaceSchema(DataSourceSchema schema) {
        Map<String, PropertyDef> old = new LinkedHashMap<>();
        properties.values().forEach(p -> old.put(p.name, p));
        properties.clear();
        Set<String> taken = new HashSet<>();
        for (DataSourceSchema.Property spec : schema.properties()) {
            PropertyDef previous = old.get(spec.name());
            PropertyDef def;
            if (previous != null && previous.type.equals(spec.type())) {
                def = previous;
                for (String option : spec.options()) {
                    if (def.optionByName(option).isEmpty()) {
                        def.addOption(option, null);
                    }
                }
            } else {
                String id = spec.type().equals("title") ? "title" : NotionIds.propertyId(spec.name(), taken);
                def = PropertyDef.from(spec, id);
            }
            taken.add(def.id);
            properties.put(def.id, def);
        }
    }

    /** A request may address a property by name or by (URL-encoded or decoded) id. */
    Optional<PropertyDef> property(String nameOrId) {
        for (PropertyDef def : properties.values()) {
            if (def.name.equals(nameOrId)) {
                return Optional.of(def);
            }
        }
        for (PropertyDef def : properties.values()) {
            if (def.id.equals(nameOrId) || decode(def.id).equals(nameOrId)) {
                return Optional.of(def);
            }
        }
        return Optional.empty();
    }

    List<PropertyDef> propertyList() {
        return new ArrayList<>(properties.values());
    }

    private static String decode(String id) {
        return URLDecoder.decode(id, StandardCharsets.UTF_8);
    }
}
