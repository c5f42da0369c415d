// Runs Notion's official JavaScript SDK (@notionhq/client) against the local Notion emulator.
// Started by NotionEmulatorSdkFidelityTest, which passes the emulator's address in the environment:
// NOTION_BASE_URL, NOTION_TOKEN, NOTION_DATABASE_ID, NOTION_DATA_SOURCE_ID, NOTION_BOT_USER_ID.
// The emulator's own /_emulator control API sets up faults, the clock and webhooks.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import {
  Client,
  APIResponseError,
  APIErrorCode,
  LogLevel,
  isNotionClientError,
  isFullPage,
  collectPaginatedAPI,
  iteratePaginatedAPI,
  collectAllDataSourceRows,
  verifyWebhookSignature,
} from "@notionhq/client";

const BASE = required("NOTION_BASE_URL");
const TOKEN = required("NOTION_TOKEN");
const DATABASE_ID = required("NOTION_DATABASE_ID");
const DATA_SOURCE_ID = required("NOTION_DATA_SOURCE_ID");
const BOT_USER_ID = required("NOTION_BOT_USER_ID");

const notion = new Client({ auth: TOKEN, baseUrl: BASE, logLevel: LogLevel.ERROR });

function required(name) {
  const value = process.env[name];
  assert.ok(value, `environment variable ${name} is missing`);
  return value;
}

async function control(method, path, body) {
  const response = await fetch(`${BASE}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  assert.ok(response.ok, `control ${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

async function requestLog(method, path, status) {
  const query = new URLSearchParams({ method, path, ...(status === undefined ? {} : { status: String(status) }) });
  return control("GET", `/requests?${query}`);
}

function text(content) {
  return [{ type: "text", text: { content } }];
}

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail("expected the call to be rejected");
}

after(async () => {
  await control("POST", "/reset", {});
});

test("users.me answers the token's bot user", async () => {
  const me = await notion.users.me({});

  assert.equal(me.object, "user");
  assert.equal(me.type, "bot");
  assert.equal(me.id, BOT_USER_ID);
});

test("pages created with parent.data_source_id are read back across several result pages", async () => {
  const created = [];
  for (let i = 0; i < 120; i++) {
    const page = await notion.pages.create({
      parent: { type: "data_source_id", data_source_id: DATA_SOURCE_ID },
      properties: {
        Name: { title: text(`SDK task ${i}`) },
        "Gateway ID": { rich_text: text(`gw-${i}`) },
        Status: { status: { name: i % 2 === 0 ? "Not started" : "In progress" } },
        Priority: { select: { name: "Medium" } },
        Tags: { multi_select: [{ name: "sdk" }] },
        Due: { date: { start: "2026-07-20" } },
      },
    });
    assert.ok(isFullPage(page));
    assert.equal(page.parent.type, "data_source_id");
    assert.equal(page.parent.data_source_id, DATA_SOURCE_ID);
    created.push(page.id);
  }

  const rows = await collectPaginatedAPI(notion.dataSources.query, { data_source_id: DATA_SOURCE_ID, page_size: 50 });

  assert.equal(rows.length, 120);
  assert.deepEqual(new Set(rows.map((row) => row.id)), new Set(created));
  assert.ok(rows.every(isFullPage));
  const queries = await requestLog("POST", "/v1/data_sources/*/query", 200);
  assert.equal(queries.count, 3, "120 rows at page_size 50 take three requests");

  let matches = 0;
  for await (const row of iteratePaginatedAPI(notion.dataSources.query, {
    data_source_id: DATA_SOURCE_ID,
    filter: {
      and: [
        { property: "Gateway ID", rich_text: { equals: "gw-7" } },
        { property: "Status", status: { equals: "In progress" } },
      ],
    },
  })) {
    matches++;
    assert.equal(row.properties.Name.title[0].plain_text, "SDK task 7");
  }
  assert.equal(matches, 1);
});

test("pages.update changes properties and moves a page to the trash", async () => {
  const page = await notion.pages.create({
    parent: { data_source_id: DATA_SOURCE_ID },
    properties: { Name: { title: text("To update") } },
  });

  const updated = await notion.pages.update({ page_id: page.id, properties: { Status: { status: { name: "Done" } } } });
  const trashed = await notion.pages.update({ page_id: page.id, in_trash: true });
  const retrieved = await notion.pages.retrieve({ page_id: page.id });

  assert.equal(updated.properties.Status.status.name, "Done");
  assert.equal(updated.last_edited_by.id, BOT_USER_ID);
  assert.match(updated.last_edited_time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
  assert.equal(trashed.in_trash, true);
  assert.equal(retrieved.in_trash, true);
});

test("errors surface as APIResponseError with Notion's codes", async () => {
  const notFound = await rejection(notion.pages.retrieve({ page_id: "00000000-0000-0000-0000-000000000000" }));
  assert.ok(APIResponseError.isAPIResponseError(notFound));
  assert.ok(isNotionClientError(notFound));
  assert.equal(notFound.code, APIErrorCode.ObjectNotFound);
  assert.equal(notFound.status, 404);
  assert.ok(notFound.request_id, "request_id is read from the body");

  const unknownProperty = await rejection(
    notion.pages.create({ parent: { data_source_id: DATA_SOURCE_ID }, properties: { Owner: { rich_text: text("me") } } }),
  );
  assert.equal(unknownProperty.code, APIErrorCode.ValidationError);
  assert.equal(unknownProperty.message, "Owner is not a property that exists.");

  const wrongType = await rejection(
    notion.pages.create({ parent: { data_source_id: DATA_SOURCE_ID }, properties: { Status: { select: { name: "Done" } } } }),
  );
  assert.equal(wrongType.code, APIErrorCode.ValidationError);
  assert.equal(wrongType.message, "Status is expected to be status.");

  const tooLong = await rejection(
    notion.pages.create({
      parent: { data_source_id: DATA_SOURCE_ID },
      properties: { Description: { rich_text: text("x".repeat(2001)) } },
    }),
  );
  assert.equal(tooLong.code, APIErrorCode.ValidationError);
  assert.match(tooLong.message, /text\.content\.length should be ≤ `2000`, instead was `2001`/);

  const stranger = new Client({ auth: "ntn_not_a_real_token", baseUrl: BASE, logLevel: LogLevel.ERROR });
  const unauthorized = await rejection(stranger.users.me({}));
  assert.equal(unauthorized.code, APIErrorCode.Unauthorized);
  assert.equal(unauthorized.status, 401);
});

test("a 429 with Retry-After: 1 is waited out by the SDK itself", async () => {
  await control("POST", "/faults", { status: 429, retry_after: 1, method: "GET", path_prefix: "/v1/users/me", times: 1 });
  const before = (await requestLog("GET", "/v1/users/me")).count;

  const started = Date.now();
  const me = await notion.users.me({});
  const elapsed = Date.now() - started;

  assert.equal(me.id, BOT_USER_ID);
  assert.ok(elapsed >= 950, `the SDK answered after ${elapsed} ms, before Retry-After elapsed`);
  const calls = (await requestLog("GET", "/v1/users/me")).requests.slice(before);
  assert.deepEqual(calls.map((call) => call.status), [429, 200]);
});

test("a 529 service_overload on a create is retried, and the page exists once", async () => {
  await control("POST", "/faults", { status: 529, retry_after: 1, method: "POST", path_prefix: "/v1/pages", times: 1 });

  const page = await notion.pages.create({
    parent: { data_source_id: DATA_SOURCE_ID },
    properties: { Name: { title: text("Overloaded once") } },
  });

  const found = await notion.dataSources.query({
    data_source_id: DATA_SOURCE_ID,
    filter: { property: "Name", title: { equals: "Overloaded once" } },
  });
  assert.deepEqual(found.results.map((row) => row.id), [page.id]);
  const overloaded = await requestLog("POST", "/v1/pages", 529);
  assert.equal(overloaded.count, 1);
  assert.equal(overloaded.requests[0].error_code, "service_overload");
});

test("a 500 on a create is not retried by the SDK", async () => {
  await control("POST", "/faults", { status: 500, method: "POST", path_prefix: "/v1/pages", times: 1 });
  const before = (await requestLog("POST", "/v1/pages")).count;

  const error = await rejection(
    notion.pages.create({ parent: { data_source_id: DATA_SOURCE_ID }, properties: { Name: { title: text("Not retried") } } }),
  );

  assert.equal(error.code, APIErrorCode.InternalServerError);
  assert.equal((await requestLog("POST", "/v1/pages")).count - before, 1);
});

test("the emulator's token bucket is ridden out by the SDK's retries", async () => {
  // One request per second with a burst of two: the third and fourth call meet a 429 with
  // Retry-After: 1, which the SDK waits out.
  await control("PUT", "/rate-limit", { requests_per_second: 1, burst: 2 });
  const before = (await requestLog("GET", "/v1/users/me")).count;
  try {
    for (let i = 0; i < 4; i++) {
      const me = await notion.users.me({});
      assert.equal(me.id, BOT_USER_ID);
    }
  } finally {
    await control("PUT", "/rate-limit", { requests_per_second: 0, burst: 0 });
  }
  const statuses = (await requestLog("GET", "/v1/users/me")).requests.slice(before).map((call) => call.status);
  assert.ok(statuses.includes(429), `expected the limiter to answer 429 at least once, saw ${statuses}`);
  assert.equal(statuses.filter((status) => status === 200).length, 4);
});

test("collectAllDataSourceRows reads past the per-query result cap", async () => {
  const { data_source_id: dataSourceId } = await control("POST", "/databases", {
    title: "Large",
    properties: { Name: { title: {} }, Number: { number: {} } },
  });
  await control("PUT", "/query-result-cap", { cap: 30 });
  await control("PUT", "/clock", { freeze_at: "2026-07-04T09:00:00Z" });
  try {
    for (let i = 0; i < 70; i++) {
      if (i % 10 === 0) {
        await control("POST", "/clock/advance", { seconds: 60 });
      }
      await notion.pages.create({
        parent: { data_source_id: dataSourceId },
        properties: { Name: { title: text(`row ${i}`) }, Number: { number: i } },
      });
    }

    const capped = await notion.dataSources.query({ data_source_id: dataSourceId, page_size: 100 });
    const rows = await collectAllDataSourceRows(notion, { data_source_id: dataSourceId });

    assert.equal(capped.results.length, 30);
    assert.equal(capped.has_more, false);
    assert.deepEqual(capped.request_status, { type: "incomplete", incomplete_reason: "query_result_limit_reached" });
    assert.equal(rows.length, 70);
    assert.equal(new Set(rows.map((row) => row.properties.Number.number)).size, 70);
  } finally {
    await control("PUT", "/query-result-cap", { cap: 10000 });
    await control("PUT", "/clock", { system: true });
  }
});

test("webhooks signed by the emulator verify with the SDK's verifyWebhookSignature", async () => {
  const received = [];
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ body: Buffer.concat(chunks), signature: request.headers["x-notion-signature"] });
      response.writeHead(200).end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const url = `http://127.0.0.1:${server.address().port}/webhooks/notion`;
    const { verification_token: verificationToken } = await control("PUT", "/webhook", { url, auto_events: true });
    await control("POST", "/webhook/verification", {});
    const page = await notion.pages.create({
      parent: { data_source_id: DATA_SOURCE_ID },
      properties: { Name: { title: text("Watched") } },
    });
    await control("PATCH", `/pages/${page.id}`, { properties: { Status: { status: { name: "Done" } } } });

    const deadline = Date.now() + 5000;
    while (received.length < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    assert.equal(received.length, 3);
    assert.deepEqual(JSON.parse(received[0].body), { verification_token: verificationToken });
    for (const delivery of received) {
      assert.ok(await verifyWebhookSignature({ body: delivery.body, signature: delivery.signature, verificationToken }));
    }
    const events = received.slice(1).map((delivery) => JSON.parse(delivery.body));
    assert.deepEqual(events.map((event) => event.type), ["page.created", "page.properties_updated"]);
    assert.equal(events[1].entity.id, page.id);
    assert.equal(events[1].data.parent.data_source_id, DATA_SOURCE_ID);
    assert.ok(!(await verifyWebhookSignature({ body: received[1].body, signature: received[1].signature, verificationToken: "secret_wrong" })));
  } finally {
    await control("DELETE", "/webhook");
    await new Promise((resolve) => server.close(resolve));
  }
});

test("a 2022-06-28 client sees the database with its properties and queries it", async () => {
  const legacy = new Client({ auth: TOKEN, baseUrl: BASE, notionVersion: "2022-06-28", logLevel: LogLevel.ERROR });

  const database = await legacy.databases.retrieve({ database_id: DATABASE_ID });
  const rows = await legacy.request({ path: `databases/${DATABASE_ID}/query`, method: "post", body: { page_size: 5 } });

  assert.equal(database.properties.Status.type, "status");
  assert.equal(rows.type, "page_or_database");
  assert.equal(rows.results[0].parent.type, "database_id");
});
