/**
 * A local, faithful emulator of Notion's public REST API, used by the gateway's tests, its
 * benchmarks and its embedded default mode (no {@code NOTION_API_KEY}: the gateway starts it on
 * its own port and talks to it over real HTTP).
 *
 * <h2>Start it</h2>
 * <pre>{@code
 * NotionEmulator emu = NotionEmulator.start(NotionEmulator.config().port(0).rateLimit(3, 10));
 * emu.baseUrl();             // http://127.0.0.1:<port>
 * emu.defaultToken();        // ntn_emulator_default_token
 * emu.defaultDatabaseId();   // NotionEmulator.DEFAULT_DATABASE_ID
 * emu.defaultDataSourceId(); // NotionEmulator.DEFAULT_DATA_SOURCE_ID, schema DataSourceSchema.gatewayDefault()
 * emu.close();
 * }</pre>
 * Standalone: {@code mvn -q compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java
 * -Dexec.mainClass=com.notionbot.notion.emulator.NotionEmulator -Dexec.args="--port 8089"}
 * (options {@code --port --host --rate --burst --token --result-cap}, or the
 * {@code NOTION_EMULATOR_*} environment variables; see {@link com.notionbot.notion.emulator.NotionEmulator#main}).
 *
 * <h2>Notion API served</h2>
 * {@code GET /v1/users/me}, {@code GET /v1/users/{id}}, {@code GET /v1/databases/{id}},
 * {@code POST /v1/databases/{id}/query}, {@code GET /v1/data_sources/{id}} and
 * {@code POST /v1/data_sources/{id}/query} (2025-09-03 and later only, as in Notion),
 * {@code POST /v1/pages}, {@code GET /v1/pages/{id}}, {@code PATCH /v1/pages/{id}}, for
 * {@code Notion-Version} 2022-06-28, 2025-09-03 and 2026-03-11. Any other path answers Notion's
 * 400 {@code invalid_request_url}.
 *
 * <h2>Behaviour worth knowing</h2>
 * <ul>
 *   <li>{@code created_time}/{@code last_edited_time} are floored to the minute; the clock is
 *       {@link com.notionbot.notion.emulator.EmulatorClock} (freeze, advance).</li>
 *   <li>Queries: {@code in_trash: true} returns only trashed pages (Notion's search works the same
 *       way; without it trashed pages are left out). Without {@code sorts} the order is creation
 *       order. Cursors are opaque UUIDs that remember the next row's sort key, so edits between
 *       pages do not skip or repeat rows. A query that matches more rows than the result cap
 *       (10,000 by default) carries {@code request_status: incomplete} on every page and stops at
 *       the cap with {@code has_more: false}.</li>
 *   <li>Select and multi_select option names that do not exist are added to the schema; status
 *       options are not (validation_error).</li>
 *   <li>Editing the properties of a trashed page fails with Notion's "Can't edit block that is
 *       archived…" unless the same request restores it.</li>
 *   <li>Payloads over 500 KB answer validation_error; over 5 MB an edge-style non-JSON 413.</li>
 *   <li>Messages marked in the code as the emulator's own wording (e.g. unknown status option,
 *       filter type mismatch) are not confirmed against Notion; codes and statuses are.</li>
 * </ul>
 *
 * <h2>Control</h2>
 * The Java methods of {@link com.notionbot.notion.emulator.NotionEmulator}, and the same over
 * HTTP under {@code /_emulator} (listed on {@link com.notionbot.notion.emulator.ControlApiHandler}).
 */
package com.notionbot.notion.emulator;
