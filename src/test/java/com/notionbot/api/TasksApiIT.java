package com.notionbot.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.notionbot.support.GatewayIT;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class TasksApiIT extends GatewayIT {

    @Test
    void createdTaskIsStoredAndAnsweredWithLocationAndFullShape() {
        Submitter alice = newSubmitter("alice");
        Answer created = postJson("/tasks", alice.key(),
                "{\"title\":\"Ship it\",\"description\":\"all of it\",\"priority\":\"high\",\"due\":\"2026-12-01\","
                        + "\"tags\":[\"release\",\"q4\"],\"assignee\":\"ana@example.com\"}");

        assertThat(created.status()).isEqualTo(201);
        JsonNode task = created.json();
        String id = task.get("id").asText();
        assertThat(created.header("Location")).contains("/tasks/" + id);
        assertThat(created.header("ETag")).contains("\"1\"");
        assertThat(task.get("title").asText()).isEqualTo("Ship it");
        assertThat(task.get("status").asText()).isEqualTo("todo");
        assertThat(task.get("version").asLong()).isEqualTo(1);
        assertThat(task.get("archived").asBoolean()).isFalse();
        assertThat(task.get("notion_page_id").isNull()).isTrue();
        assertThat(task.get("user_id").asText()).isEqualTo(alice.id());
        assertThat(task.has("created_at") && task.has("updated_at")).isTrue();
        assertThat(task.get("sync").get("state").asText()).isEqualTo("pending");
        assertThat(task.get("sync").get("attempts").asInt()).isZero();
        assertThat(task.get("sync").has("last_error")).isTrue();

        Document stored = db.getCollection("tasks").find(new Document("_id", new ObjectId(id))).first();
        assertThat(stored).isNotNull();
        assertThat(stored.getString("title")).isEqualTo("Ship it");
        assertThat(stored.getList("tags", String.class)).containsExactly("release", "q4");

        Answer read = get("/tasks/" + id, alice.key());
        assertThat(read.status()).isEqualTo(200);
        // the dispatcher may already be sending it: compare all but the sync fields
        com.fasterxml.jackson.databind.node.ObjectNode seen = read.json().deepCopy();
        com.fasterxml.jackson.databind.node.ObjectNode answered = task.deepCopy();
        for (String syncField : new String[] {"sync", "notion_page_id"}) {
            seen.remove(syncField);
            answered.remove(syncField);
        }
        assertThat(seen).isEqualTo(answered);
    }

    @Test
    void patchChangesOnlyTheGivenFieldsBumpsVersionAndClearsWithNull() {
        Submitter bob = newSubmitter("bob");
        String id = postJson("/tasks", bob.key(), "{\"title\":\"Draft\",\"priority\":\"low\",\"tags\":[\"a\"]}")
                .json().get("id").asText();

        Answer patched = patchJson("/tasks/" + id, bob.key(), "{\"status\":\"in_progress\",\"priority\":null}");

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("status").asText()).isEqualTo("in_progress");
        assertThat(patched.json().get("priority").isNull()).isTrue();
        assertThat(patched.json().get("title").asText()).isEqualTo("Draft");
        assertThat(patched.json().get("tags").get(0).asText()).isEqualTo("a");
        assertThat(patched.json().get("version").asLong()).isEqualTo(2);
        // in the outbox, or being sent already (then the dispatcher sends this version after the current one)
        assertThat(patched.json().get("sync").get("state").asText()).isIn("pending", "syncing");
    }

    @Test
    void staleIfMatchGets412AndCurrentIfMatchApplies() {
        Submitter carol = newSubmitter("carol");
        String id = postJson("/tasks", carol.key(), "{\"title\":\"v1\"}").json().get("id").asText();
        assertThat(patchJson("/tasks/" + id, carol.key(), "{\"title\":\"v2\"}", "If-Match", "\"1\"").status())
                .isEqualTo(200);

        Answer stale = patchJson("/tasks/" + id, carol.key(), "{\"title\":\"v3 from an old copy\"}", "If-Match", "\"1\"");

        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().get("error").get("code").asText()).isEqualTo("version_mismatch");
        assertThat(get("/tasks/" + id, carol.key()).json().get("title").asText()).isEqualTo("v2");
        assertThat(patchJson("/tasks/" + id, carol.key(), "{\"title\":\"v3\"}", "If-Match", "2").status())
                .isEqualTo(200);
    }

    @Test
    void deleteArchivesTheTaskWhichStaysReadableAndCannotBeEdited() {
        Submitter dan = newSubmitter("dan");
        String id = postJson("/tasks", dan.key(), "{\"title\":\"Old\"}").json().get("id").asText();

        Answer archived = delete("/tasks/" + id, dan.key());

        assertThat(archived.status()).isEqualTo(200);
        assertThat(archived.json().get("archived").asBoolean()).isTrue();
        assertThat(archived.json().get("version").asLong()).isEqualTo(2);
        assertThat(archived.json().get("sync").get("state").asText()).isIn("pending", "syncing");
        assertThat(get("/tasks/" + id, dan.key()).json().get("archived").asBoolean()).isTrue();
        assertThat(delete("/tasks/" + id, dan.key()).json().get("version").asLong()).isEqualTo(2);
        Answer edit = patchJson("/tasks/" + id, dan.key(), "{\"title\":\"New\"}");
        assertThat(edit.status()).isEqualTo(409);
        assertThat(edit.json().get("error").get("code").asText()).isEqualTo("task_archived");
    }

    @Test
    void syncRequestPutsTheTaskBackInTheOutboxWith202() {
        Submitter erin = newSubmitter("erin");
        String id = postJson("/tasks", erin.key(), "{\"title\":\"Retry me\"}").json().get("id").asText();
        db.getCollection("tasks").updateOne(new Document("_id", new ObjectId(id)),
                new Document("$set", new Document("sync.state", "failed").append("sync.attempts", 5)));

        Answer queued = send(request("/tasks/" + id + "/sync", erin.key()).POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(queued.status()).isEqualTo(202);
        assertThat(queued.json().get("sync").get("state").asText()).isEqualTo("pending");
        assertThat(queued.json().get("sync").get("attempts").asInt()).isZero();
    }

    @Test
    void listFiltersByStatusUserAndSyncState() {
        Submitter fay = newSubmitter("fay");
        postJson("/tasks", fay.key(), "{\"title\":\"one\",\"status\":\"done\"}");
        postJson("/tasks", fay.key(), "{\"title\":\"two\"}");
        postJson("/tasks", fay.key(), "{\"title\":\"three\",\"status\":\"done\"}");

        JsonNode done = get("/tasks?user_id=" + fay.id() + "&status=done", fay.key()).json();

        assertThat(done.get("data")).hasSize(2);
        assertThat(done.get("data").get(0).get("title").asText()).isEqualTo("three");
        assertThat(done.get("has_more").asBoolean()).isFalse();
        awaitSyncState(fay.key(), done.get("data").get(0).get("id").asText(), "synced");
        JsonNode synced = get("/tasks?user_id=" + fay.id() + "&sync_state=synced&status=done&limit=100", fay.key()).json();
        assertThat(synced.get("data")).isNotEmpty().allMatch(t -> t.get("sync").get("state").asText().equals("synced")
                && t.get("status").asText().equals("done"));
    }

    @Test
    void tasksOfAnotherWorkspaceAreInvisible() {
        Submitter gil = newSubmitter("gil");
        String id = postJson("/tasks", gil.key(), "{\"title\":\"mine\"}").json().get("id").asText();
        db.getCollection("tasks").updateOne(new Document("_id", new ObjectId(id)),
                new Document("$set", new Document("workspace_id", "elsewhere")));

        assertThat(get("/tasks/" + id, gil.key()).status()).isEqualTo(404);
    }

    @Test
    void largeAnswersAreGzippedWhenTheClientAsksForIt() throws Exception {
        Submitter hal = newSubmitter("hal");
        for (int i = 0; i < 12; i++) {
            postJson("/tasks", hal.key(), "{\"title\":\"task " + i + "\",\"description\":\"" + "x".repeat(300) + "\"}");
        }
        HttpResponse<byte[]> r = http.send(request("/tasks?limit=12&user_id=" + hal.id(), hal.key())
                .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(r.headers().firstValue("Content-Encoding")).contains("gzip");
        String body = gunzip(r.body());
        assertThat(JSON.readTree(body).get("data")).hasSize(12);
    }

    private static String gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
