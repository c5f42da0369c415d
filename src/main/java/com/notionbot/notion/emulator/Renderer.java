package com.notionbot.notion.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Turns stored records into Notion's response objects, per API version: field order and
 * shapes follow the recorded 2025-09-03 responses and the 2022-06-28 docs
 * (see {@code notion-fixtures.md} F09, F12–F15). Call with the store's lock held.
 */
final class Renderer {

    static final String URL_BASE = "https://app.notion.com/p/";

    private Renderer() {
    }

    static ObjectNode user(String id) {
        return Json.object().put("object", "user").put("id", id);
    }

    static ObjectNode botUser(Integration integration, String workspaceId, String workspaceName) {
        ObjectNode user = Json.object();
        user.put("object", "user");
        user.put("id", integration.botUserId());
        user.put("name", integration.name());
        user.putNull("avatar_url");
        user.put("type", "bot");
        ObjectNode bot = user.putObject("bot");
        bot.putObject("owner").put("type", "workspace").put("workspace", true);
        bot.put("workspace_name", workspaceName);
        bot.put("workspace_id", workspaceId);
        bot.putObject("workspace_limits").put("max_file_upload_size_in_bytes", 5_368_709_120L);
        return user;
    }

    static ObjectNode personUser(String id, String name, String email) {
        ObjectNode user = Json.object();
        user.put("object", "user");
        user.put("id", id);
        user.put("name", name);
        user.putNull("avatar_url");
        user.put("type", "person");
        user.putObject("person").put("email", email);
        return user;
    }

    static ObjectNode page(PageRecord page, DataSourceRecord dataSource, ApiVersion version, Set<String> onlyProperties) {
        ObjectNode json = Json.object();
        json.put("object", "page");
        json.put("id", page.id);
        json.put("created_time", NotionDates.timestamp(page.createdTime));
        json.put("last_edited_time", NotionDates.timestamp(page.lastEditedTime));
        json.set("created_by", user(page.createdBy));
        json.set("last_edited_by", user(page.lastEditedBy));
        json.set("cover", page.cover == null ? NullNode.getInstance() : page.cover);
        json.set("icon", page.icon == null ? NullNode.getInstance() : page.icon);
        ObjectNode parent = json.putObject("parent");
        if (version.usesDataSources()) {
            parent.put("type", "data_source_id");
            parent.put("data_source_id", dataSource.id);
            parent.put("database_id", dataSource.databaseId);
        } else {
            parent.put("type", "database_id");
            parent.put("database_id", dataSource.databaseId);
        }
        json.put("in_trash", page.inTrash);
        if (version.usesDataSources()) {
            json.put("is_archived", false);
        }
        json.put("is_locked", false);
        ObjectNode properties = json.putObject("properties");
        for (PropertyDef def : dataSource.propertyList()) {
            if (onlyProperties != null && !onlyProperties.contains(def.id) && !onlyProperties.contains(def.name)
                    && !onlyProperties.contains(URLDecoder.decode(def.id, StandardCharsets.UTF_8))) {
                continue;
            }
            properties.set(def.name, propertyValue(page, def));
        }
        json.put("url", URL_BASE + slug(RichText.plainText(page.values.get("title"))) + NotionIds.compact(page.id));
        json.putNull("public_url");
        if (version.acceptsArchivedAlias()) {
            json.put("archived", page.inTrash);
        }
        return json;
    }

    static ObjectNode propertyValue(PageRecord page, PropertyDef def) {
        ObjectNode value = Json.object();
        value.put("id", def.id);
        value.put("type", def.type);
        JsonNode stored = switch (def.type) {
            case "created_time" -> TextNode.valueOf(NotionDates.timestamp(page.createdTime));
            case "last_edited_time" -> TextNode.valueOf(NotionDates.timestamp(page.lastEditedTime));
            case "created_by" -> user(page.createdBy);
            case "last_edited_by" -> user(page.lastEditedBy);
            default -> page.values.getOrDefault(def.id, PropertyValueParser.emptyValue(def));
        };
        value.set(def.type, stored.deepCopy());
        if (def.type.equals("relation")) {
            value.put("has_more", false);
        }
        return value;
    }

    static ObjectNode propertySchema(PropertyDef def) {
        ObjectNode json = Json.object();
        json.put("id", def.id);
        json.put("name", def.name);
        json.putNull("description");
        json.put("type", def.type);
        ObjectNode config = json.putObject(def.type);
        if (def.hasOptions()) {
            ArrayNode options = config.putArray("options");
            for (PropertyDef.Option option : def.options) {
                options.addObject().put("id", option.id()).put("name", option.name()).put("color", option.color())
                        .putNull("description");
            }
            if (def.type.equals("status")) {
                ArrayNode groups = config.putArray("groups");
                for (PropertyDef.Group group : def.groups) {
                    ObjectNode g = groups.addObject().put("id", group.id()).put("name", group.name()).put("color", group.color());
                    ArrayNode ids = g.putArray("option_ids");
                    group.optionIds().forEach(ids::add);
                }
            }
        } else if (def.type.equals("number")) {
            config.put("format", "number");
        }
        return json;
    }

    static ObjectNode dataSource(DataSourceRecord dataSource, DatabaseRecord database, String botUserId) {
        ObjectNode json = Json.object();
        json.put("object", "data_source");
        json.put("id", dataSource.id);
        json.putNull("cover");
        json.putNull("icon");
        json.put("created_time", NotionDates.timestamp(dataSource.createdTime));
        json.set("created_by", user(botUserId));
        json.set("last_edited_by", user(botUserId));
        json.put("last_edited_time", NotionDates.timestamp(dataSource.createdTime));
        json.putArray("title").add(RichText.text(dataSource.name));
        json.putArray("description");
        json.put("is_inline", false);
        ObjectNode properties = json.putObject("properties");
        dataSource.propertyList().forEach(def -> properties.set(def.name, propertySchema(def)));
        json.putObject("parent").put("type", "database_id").put("database_id", database.id);
        json.putObject("database_parent").put("type", "page_id").put("page_id", database.parentPageId);
        json.put("url", URL_BASE + NotionIds.compact(dataSource.id));
        json.putNull("public_url");
        json.put("in_trash", false);
        json.put("archived", false);
        return json;
    }

    /** 2025-09-03+: {@code data_sources:[{id,name}]}, no {@code properties}, unrounded {@code +00:00} times. */
    static ObjectNode databaseWithDataSources(DatabaseRecord database, Iterable<DataSourceRecord> dataSources, ApiVersion version) {
        ObjectNode json = Json.object();
        json.put("object", "database");
        json.put("id", database.id);
        json.putArray("title").add(RichText.text(database.title));
        json.putArray("description");
        json.putObject("parent").put("type", "page_id").put("page_id", database.parentPageId);
        json.put("is_inline", false);
        json.put("in_trash", false);
        json.put("is_locked", false);
        json.put("created_time", NotionDates.DATABASE_TIMESTAMP.format(database.createdTime));
        json.put("last_edited_time", NotionDates.DATABASE_TIMESTAMP.format(database.createdTime));
        ArrayNode sources = json.putArray("data_sources");
        dataSources.forEach(ds -> sources.addObject().put("id", ds.id).put("name", ds.name));
        json.putNull("icon");
        json.putNull("cover");
        json.put("url", URL_BASE + NotionIds.compact(database.id));
        json.putNull("public_url");
        if (version.acceptsArchivedAlias()) {
            json.put("archived", false);
        }
        return json;
    }

    /** 2022-06-28: the database carries its (single) data source's {@code properties}. */
    static ObjectNode databaseWithProperties(DatabaseRecord database, DataSourceRecord dataSource, String botUserId) {
        ObjectNode json = Json.object();
        json.put("object", "database");
        json.put("id", database.id);
        json.put("created_time", NotionDates.timestamp(NotionDates.floorToMinute(database.createdTime)));
        json.put("last_edited_time", NotionDates.timestamp(NotionDates.floorToMinute(database.createdTime)));
        json.set("created_by", user(botUserId));
        json.set("last_edited_by", user(botUserId));
        json.putNull("icon");
        json.putNull("cover");
        json.put("url", URL_BASE + NotionIds.compact(database.id));
        json.putArray("title").add(RichText.text(database.title));
        json.putArray("description");
        ObjectNode properties = json.putObject("properties");
        dataSource.propertyList().forEach(def -> properties.set(def.name, propertySchema(def)));
        json.putObject("parent").put("type", "page_id").put("page_id", database.parentPageId);
        json.put("archived", false);
        json.put("in_trash", false);
        json.put("is_inline", false);
        json.putNull("public_url");
        return json;
    }

    private static String slug(String title) {
        String slug = title.replaceAll("[^\\p{L}\\p{N}]+", "-").replaceAll("(^-+|-+$)", "");
        return slug.isEmpty() ? "" : slug + "-";
    }
}
