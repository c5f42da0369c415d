package com.notionbot.notion.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A local emulator of Notion's public REST API for what the gateway uses (users/me, databases,
 * data sources, queries, pages), in {@code Notion-Version} 2022-06-28, 2025-09-03 and
 * 2026-03-11, over real HTTP on the JDK's {@code HttpServer}. It follows Notion's behaviour:
 * error bodies and codes, schema validation, minute-floored timestamps, cursor pagination with
 * the 10,000-result cap, a per-token rate limit with {@code Retry-After}, signed webhooks.
 *
 * <pre>{@code
 * try (NotionEmulator emu = NotionEmulator.start(NotionEmulator.config().rateLimit(3, 10))) {
 *     String base = emu.baseUrl();                 // http://127.0.0.1:<ephemeral port>
 *     String token = emu.defaultToken();           // Authorization: Bearer <token>
 *     String dataSource = emu.defaultDataSourceId();
 *     ...
 *     assertThat(emu.countRequests("POST", "/v1/pages", 200)).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Besides this Java control API, the same controls are served over HTTP under
 * {@code /_emulator/...} (not part of Notion's API, never rate limited, never logged) for
 * benchmarks and a running gateway; see {@link ControlApiHandler}. Thread-safe.
 */
public final class NotionEmulator implements AutoCloseable {

    /** The integration token the emulator starts with unless configured otherwise. */
    public static final String DEFAULT_TOKEN = "ntn_emulator_default_token";
    /** The default database (one data source with the gateway's default schema). */
    public static final String DEFAULT_DATABASE_ID = "1b7c0e2a-5f4d-4c3b-9a81-6e2f0d9c4a10";
    /** The data source of the default database. */
    public static final String DEFAULT_DATA_SOURCE_ID = "2c8d1f3b-6a5e-4d4c-8b92-7f3a1eab5b20";
    /** The bot user of the default token ({@code GET /v1/users/me}); API writes are attributed to it. */
    public static final String DEFAULT_BOT_USER_ID = "3d9e2a4c-7b6f-4e5d-9ca3-8a4b2fbc6c30";
    /** The person user that control-API edits ("a person in the Notion UI") are attributed to. */
    public static final String PERSON_USER_ID = "4eaf3b5d-8c7a-4f6e-8db4-9b5c3acd7d40";
    /** The workspace every object lives in ({@code workspace_id} of webhook events). */
    public static final String WORKSPACE_ID = "5fb04c6e-9d8b-4a7f-9ec5-ac6d4bde8e50";
    /** {@code integration_id} of webhook events. */
    public static final String INTEGRATION_ID = "60c15d7f-ae9c-4b8a-8fd6-bd7e5cef9f60";
    /** {@code subscription_id} of webhook events. */
    public static final String SUBSCRIPTION_ID = "71d26e8a-bfad-4c9b-a0e7-ce8f6da0a070";
    /** The page the databases live in. */
    public static final String WORKSPACE_PAGE_ID = "82e37f9b-c0be-4dac-b1f8-df907eb1b180";
    /** Title of the default database and name of its data source. */
    public static final String DEFAULT_DATABASE_TITLE = "Tasks";

    static final String PERSON_NAME = "Emulated Person";

    /** The ids of a database added with {@link #addDatabase}: the database and its first data source. */
    public record DatabaseIds(String databaseId, String dataSourceId) {
    }

    /** Start-up settings; mutable and fluent: {@code NotionEmulator.config().port(0).rateLimit(3, 10)}. */
    public static final class Config {
        String host = "127.0.0.1";
        int port;
        String defaultToken = DEFAULT_TOKEN;
        String integrationName = "notion-bot emulator";
        String workspaceName = "Notion Emulator";
        double requestsPerSecond = 3.0;
        int burst = 10;
        int queryResultCap = 10_000;
        int threads = 16;
        URI webhookUrl;
        String webhookVerificationToken;
        boolean autoWebhookEvents = true;
        boolean webhookEchoesApiWrites = true;
        String webhookApiVersion = "2025-09-03";
        EmulatorClock clock = new EmulatorClock();

        /** Listen on this port; 0 (the default) takes an ephemeral one. */
        public Config port(int port) {
            this.port = port;
            return this;
        }

        /** Listen on this address (default 127.0.0.1; 0.0.0.0 for a container). */
        public Config host(String host) {
            this.host = host;
            return this;
        }

        /** The token the emulator holds on start (default {@value NotionEmulator#DEFAULT_TOKEN}). */
        public Config defaultToken(String token) {
            this.defaultToken = token;
            return this;
        }

        /** The integration's name, used in {@code /v1/users/me} and {@code object_not_found} messages. */
        public Config integrationName(String name) {
            this.integrationName = name;
            return this;
        }

        /**
         * Per-token token bucket: refills at {@code requestsPerSecond}, holds {@code burst}
         * (default 3/s, burst 10). A rate of 0 or less switches the limit off.
         */
        public Config rateLimit(double requestsPerSecond, int burst) {
            this.requestsPerSecond = requestsPerSecond;
            this.burst = burst;
            return this;
        }

        /** No rate limit (for bulk set-up in tests). */
        public Config noRateLimit() {
            return rateLimit(0, 0);
        }

        /** Results one query can reach before {@code request_status: incomplete} (Notion: 10,000). */
        public Config queryResultCap(int cap) {
            this.queryResultCap = cap;
            return this;
        }

        /** HTTP worker threads (default 16). */
        public Config threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Deliver webhooks to this URL, signed with this verification token ({@code null}: generate one). */
        public Config webhook(URI url, String verificationToken) {
            this.webhookUrl = url;
            this.webhookVerificationToken = verificationToken;
            return this;
        }

        /** Whether page changes send events automatically once a webhook URL is set (default true). */
        public Config autoWebhookEvents(boolean on) {
            this.autoWebhookEvents = on;
            return this;
        }

        /** Whether the integration's own API writes come back as events, as in Notion (default true). */
        public Config webhookEchoesApiWrites(boolean on) {
            this.webhookEchoesApiWrites = on;
            return this;
        }

        /** The subscription's API version, which shapes {@code data.parent} (default 2025-09-03). */
        public Config webhookApiVersion(String version) {
            this.webhookApiVersion = version;
            return this;
        }

        /** Use this clock (e.g. one a test already froze). */
        public Config clock(EmulatorClock clock) {
            this.clock = clock;
            return this;
        }
    }

    private final Config config;
    private final EmulatorClock clock;
    private final EmulatorStore store;
    private final NotionApi api;
    private final RateLimiter rateLimiter;
    private final FaultInjector faults = new FaultInjector();
    private final RequestLog log = new RequestLog();
    private final WebhookSender webhooks;
    private final EmulatorServer server;
    private final String baseUrl;

    private NotionEmulator(Config config) throws IOException {
        this.config = config;
        this.clock = config.clock;
        this.store = new EmulatorStore(config.queryResultCap);
        this.api = new NotionApi(store, clock, WORKSPACE_ID, config.workspaceName);
        this.rateLimiter = new RateLimiter(config.requestsPerSecond, config.burst);
        this.webhooks = new WebhookSender(WORKSPACE_ID, config.workspaceName, SUBSCRIPTION_ID, INTEGRATION_ID);
        api.setEvents((type, page, dataSource, caller, updated) -> webhooks.sendLater(
                webhooks.pageEvent(type, page.id, dataSource.databaseId, dataSource.id, caller.userId(), caller.authorType(),
                        updated, clock.instant()),
                caller.integration() != null));
        NotionApiHandler handler = new NotionApiHandler(api, store, rateLimiter, PERSON_USER_ID, PERSON_NAME);
        this.server = new EmulatorServer(config.host, config.port, config.threads, handler, faults, log);
        this.server.setControl(new ControlApiHandler(this));
        seed();
        server.start();
        String host = config.host.equals("0.0.0.0") ? "127.0.0.1" : config.host;
        this.baseUrl = "http://" + host + ":" + server.port();
    }

    /** Starts an emulator with the defaults: ephemeral port, 3 requests/s with a burst of 10. */
    public static NotionEmulator start() {
        return start(config());
    }

    public static NotionEmulator start(Config config) {
        try {
            return new NotionEmulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Notion emulator", e);
        }
    }

    /** A fresh {@link Config} with the defaults. */
    public static Config config() {
        return new Config();
    }

    // ---- where and who ---------------------------------------------------------------------

    /** {@code http://127.0.0.1:<port>}; the Notion API is under {@code /v1}, the control API under {@code /_emulator}. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.port();
    }

    public String defaultToken() {
        return config.defaultToken;
    }

    public String defaultDatabaseId() {
        return DEFAULT_DATABASE_ID;
    }

    public String defaultDataSourceId() {
        return DEFAULT_DATA_SOURCE_ID;
    }

    /** The bot user of the default token. */
    public String botUserId() {
        return DEFAULT_BOT_USER_ID;
    }

    /** The person user that {@link #editPageAsPerson} and friends act as. */
    public String personUserId() {
        return PERSON_USER_ID;
    }

    /** The clock behind every timestamp; freeze or advance it to control {@code last_edited_time}. */
    public EmulatorClock clock() {
        return clock;
    }

    // ---- state -----------------------------------------------------------------------------

    /**
     * Back to the state after start: only the default token and the (empty) default database,
     * no extra tokens, databases or pages, an empty request log, no faults, the configured rate
     * limit, result cap and webhook settings, the system clock.
     */
    public void reset() {
        synchronized (store) {
            store.clear();
            store.queryResultCap = config.queryResultCap;
            seed();
        }
        log.clear();
        faults.clear();
        rateLimiter.configure(config.requestsPerSecond, config.burst);
        clock.useSystemTime();
        webhooks.clearDeliveries();
    }

    private void seed() {
        synchronized (store) {
            store.integrations.put(config.defaultToken, new Integration(config.defaultToken, DEFAULT_BOT_USER_ID, config.integrationName));
            addDatabase(DEFAULT_DATABASE_ID, DEFAULT_DATA_SOURCE_ID, DEFAULT_DATABASE_TITLE, DataSourceSchema.gatewayDefault(), Set.of());
        }
        webhooks.configure(null);
        if (config.webhookUrl != null) {
            configureWebhook(config.webhookUrl, config.webhookVerificationToken);
        }
    }

    /** Adds an integration token with a new bot user; returns it (with the bot user id). */
    public Integration addToken(String token) {
        return addToken(token, "integration " + token.substring(0, Math.min(8, token.length())));
    }

    /** Adds an integration token with a new bot user and the given integration name. */
    public Integration addToken(String token, String integrationName) {
        Integration integration = new Integration(token, NotionIds.random(), integrationName);
        synchronized (store) {
            store.integrations.put(token, integration);
        }
        return integration;
    }

    /**
     * Adds a database with one data source of the given schema. Shared with the given tokens
     * only, or with every token when none are given.
     */
    public DatabaseIds addDatabase(String title, DataSourceSchema schema, String... sharedWithTokens) {
        return addDatabase(NotionIds.random(), NotionIds.random(), title, schema, Set.of(sharedWithTokens));
    }

    private DatabaseIds addDatabase(String databaseId, String dataSourceId, String title, DataSourceSchema schema, Set<String> tokens) {
        synchronized (store) {
            DatabaseRecord database = new DatabaseRecord(databaseId, title, WORKSPACE_PAGE_ID, clock.instant(), tokens);
            store.databases.put(databaseId, database);
            DataSourceRecord dataSource = new DataSourceRecord(dataSourceId, databaseId, title, NotionDates.floorToMinute(clock.instant()), schema);
            store.dataSources.put(dataSourceId, dataSource);
            database.dataSourceIds.add(dataSourceId);
        }
        return new DatabaseIds(databaseId, dataSourceId);
    }

    /**
     * Adds another data source to a database; returns its id. With two data sources the
     * database can no longer be used through 2022-06-28 calls, as in Notion.
     */
    public String addDataSource(String databaseId, String name, DataSourceSchema schema) {
        String id = NotionIds.random();
        synchronized (store) {
            DatabaseRecord database = requireDatabase(databaseId);
            store.dataSources.put(id, new DataSourceRecord(id, database.id, name, NotionDates.floorToMinute(clock.instant()), schema));
            database.dataSourceIds.add(id);
        }
        return id;
    }

    /**
     * Replaces a data source's schema (schema drift, as when someone edits the database in
     * Notion): properties that keep name and type keep their id, options and page values;
     * the others lose their values.
     */
    public void replaceSchema(String dataSourceId, DataSourceSchema schema) {
        synchronized (store) {
            DataSourceRecord dataSource = requireDataSource(dataSourceId);
            dataSource.replaceSchema(schema);
            for (PageRecord page : store.pages.values()) {
                if (page.dataSourceId.equals(dataSource.id)) {
                    page.values.keySet().retainAll(dataSource.properties.keySet());
                }
            }
        }
    }

    /** The data source as {@code GET /v1/data_sources/{id}} shows it (with its current options). */
    public ObjectNode dataSource(String dataSourceId) {
        synchronized (store) {
            DataSourceRecord dataSource = requireDataSource(dataSourceId);
            return Renderer.dataSource(dataSource, store.databaseOf(dataSource), DEFAULT_BOT_USER_ID);
        }
    }

    /** Every page of the default data source, trashed ones included, oldest first, in 2025-09-03 form. */
    public List<ObjectNode> pages() {
        return pages(DEFAULT_DATA_SOURCE_ID);
    }

    /** Every page of a data source, trashed ones included, oldest first, in 2025-09-03 form. */
    public List<ObjectNode> pages(String dataSourceId) {
        synchronized (store) {
            DataSourceRecord dataSource = requireDataSource(dataSourceId);
            List<ObjectNode> pages = new ArrayList<>();
            for (PageRecord page : store.pages.values()) {
                if (page.dataSourceId.equals(dataSource.id)) {
                    pages.add(Renderer.page(page, dataSource, ApiVersion.V2025_09_03, null));
                }
            }
            return pages;
        }
    }

    /** One page in 2025-09-03 form, whichever data source it is in. */
    public Optional<ObjectNode> page(String pageId) {
        String id = NotionIds.normalize(pageId);
        synchronized (store) {
            PageRecord page = id == null ? null : store.pages.get(id);
            return Optional.ofNullable(page).map(p -> Renderer.page(p, store.dataSources.get(p.dataSourceId), ApiVersion.V2025_09_03, null));
        }
    }

    // ---- acting as a person in the Notion UI -----------------------------------------------

    /**
     * Creates a page as a person would in Notion: {@code properties} in Notion's request form,
     * e.g. {@code {"Name":{"title":[{"text":{"content":"Written in Notion"}}]}}}.
     * Validated like an API request; created_by is {@link #personUserId()}.
     */
    public ObjectNode createPageAsPerson(String dataSourceId, String propertiesJson) {
        return createPageAsPerson(dataSourceId, Json.parse(propertiesJson));
    }

    public ObjectNode createPageAsPerson(String dataSourceId, JsonNode properties) {
        ObjectNode body = Json.object();
        body.putObject("parent").put("data_source_id", dataSourceId);
        body.set("properties", properties);
        return api.createPage(Caller.person(PERSON_USER_ID), body, ApiVersion.V2025_09_03);
    }

    /**
     * Edits a page's properties as a person would in the Notion UI: validated like an API
     * request; sets last_edited_by to {@link #personUserId()} and last_edited_time to the clock's
     * minute. Sends {@code page.properties_updated} when automatic webhook events are on.
     */
    public ObjectNode editPageAsPerson(String pageId, String propertiesJson) {
        return editPageAsPerson(pageId, Json.parse(propertiesJson));
    }

    public ObjectNode editPageAsPerson(String pageId, JsonNode properties) {
        ObjectNode body = Json.object();
        body.set("properties", properties);
        return api.updatePage(Caller.person(PERSON_USER_ID), pageId, body, ApiVersion.V2025_09_03);
    }

    /** Moves a page to the trash as a person would ({@code page.deleted} event). */
    public ObjectNode trashPageAsPerson(String pageId) {
        return api.updatePage(Caller.person(PERSON_USER_ID), pageId, Json.object().put("in_trash", true), ApiVersion.V2025_09_03);
    }

    /** Restores a page from the trash as a person would ({@code page.undeleted} event). */
    public ObjectNode restorePageAsPerson(String pageId) {
        return api.updatePage(Caller.person(PERSON_USER_ID), pageId, Json.object().put("in_trash", false), ApiVersion.V2025_09_03);
    }

    // ---- request log -----------------------------------------------------------------------

    /** Every Notion API request received (oldest first); the control API is not recorded. */
    public List<RecordedRequest> requests() {
        return log.all();
    }

    /**
     * How many requests match the method and path pattern ({@code *} = one path segment,
     * trailing {@code **} = any rest), e.g. {@code countRequests("PATCH", "/v1/pages/*")}.
     */
    public long countRequests(String method, String pathPattern) {
        return log.count(r -> r.matches(method, pathPattern));
    }

    /** Like {@link #countRequests(String, String)}, only those answered with this status. */
    public long countRequests(String method, String pathPattern, int status) {
        return log.count(r -> r.matches(method, pathPattern) && r.status() == status);
    }

    public void clearRequests() {
        log.clear();
    }

    // ---- faults, rate limit, result cap ----------------------------------------------------

    /** Injects a fault into the Notion API; see {@link Fault}. */
    public void injectFault(Fault fault) {
        faults.add(fault);
    }

    public List<Fault> activeFaults() {
        return faults.active();
    }

    public void clearFaults() {
        faults.clear();
    }

    /** Sets the per-token rate limit (and refills every bucket); a rate of 0 or less switches it off. */
    public void setRateLimit(double requestsPerSecond, int burst) {
        rateLimiter.configure(requestsPerSecond, burst);
    }

    public void disableRateLimit() {
        rateLimiter.configure(0, 0);
    }

    /** Sets how many results one query can reach before {@code request_status: incomplete}. */
    public void setQueryResultCap(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be at least 1");
        }
        synchronized (store) {
            store.queryResultCap = cap;
        }
    }

    double requestsPerSecond() {
        return rateLimiter.requestsPerSecond();
    }

    int burst() {
        return rateLimiter.burst();
    }

    int queryResultCap() {
        synchronized (store) {
            return store.queryResultCap;
        }
    }

    // ---- webhooks --------------------------------------------------------------------------

    /**
     * Delivers webhooks to this URL, signed with a new {@code secret_…} verification token,
     * which is returned. Automatic events follow the configured defaults.
     */
    public String configureWebhook(URI url) {
        return configureWebhook(url, null);
    }

    /** Delivers webhooks to this URL, signed with this verification token ({@code null}: a new one). */
    public String configureWebhook(URI url, String verificationToken) {
        String token = verificationToken != null ? verificationToken : WebhookSender.newVerificationToken();
        WebhookSender.Settings current = webhooks.settings();
        webhooks.configure(new WebhookSender.Settings(url, token,
                current != null ? current.autoEvents() : config.autoWebhookEvents,
                current != null ? current.echoApiWrites() : config.webhookEchoesApiWrites,
                current != null ? current.apiVersion() : config.webhookApiVersion));
        return token;
    }

    /** Stops webhook delivery altogether. */
    public void removeWebhook() {
        webhooks.configure(null);
    }

    /** Switches automatic events after page changes on or off ("drop" every webhook with off). */
    public void setAutoWebhookEvents(boolean on) {
        WebhookSender.Settings s = requireWebhook();
        webhooks.configure(new WebhookSender.Settings(s.url(), s.verificationToken(), on, s.echoApiWrites(), s.apiVersion()));
    }

    /** Whether the integration's own API writes come back as events (Notion: they do). */
    public void setWebhookEchoesApiWrites(boolean on) {
        WebhookSender.Settings s = requireWebhook();
        webhooks.configure(new WebhookSender.Settings(s.url(), s.verificationToken(), s.autoEvents(), on, s.apiVersion()));
    }

    /** The subscription's API version: 2022-06-28 omits {@code data.parent.data_source_id}. */
    public void setWebhookApiVersion(String apiVersion) {
        WebhookSender.Settings s = requireWebhook();
        webhooks.configure(new WebhookSender.Settings(s.url(), s.verificationToken(), s.autoEvents(), s.echoApiWrites(), apiVersion));
    }

    /** The verification token webhooks are signed with, if a webhook is configured. */
    public Optional<String> webhookVerificationToken() {
        return Optional.ofNullable(webhooks.settings()).map(WebhookSender.Settings::verificationToken);
    }

    /** POSTs {@code {"verification_token":"secret_…"}} (signed) to the webhook URL; waits for the answer. */
    public WebhookDelivery sendWebhookVerification() {
        return webhooks.sendVerification();
    }

    /**
     * Builds a page event as Notion would send it, authored by the person user, e.g.
     * {@code webhookEvent("page.properties_updated", pageId, "Status")}. Change it (say
     * {@code attempt_number}) and send it with {@link #sendWebhookEvent(ObjectNode)}.
     *
     * @param updatedProperties names or ids of the updated properties (for {@code page.properties_updated})
     */
    public ObjectNode webhookEvent(String type, String pageId, String... updatedProperties) {
        String id = NotionIds.normalize(pageId);
        synchronized (store) {
            PageRecord page = id == null ? null : store.pages.get(id);
            if (page == null) {
                throw new IllegalArgumentException("no page " + pageId);
            }
            DataSourceRecord dataSource = store.dataSources.get(page.dataSourceId);
            List<String> ids = new ArrayList<>();
            for (String property : updatedProperties) {
                ids.add(dataSource.property(property).map(p -> p.id)
                        .orElseThrow(() -> new IllegalArgumentException("no property " + property)));
            }
            return webhooks.pageEvent(type, page.id, dataSource.databaseId, dataSource.id, PERSON_USER_ID, "person", ids, clock.instant());
        }
    }

    /** Builds (see {@link #webhookEvent}) and sends a page event now; waits for the receiver's answer. */
    public WebhookDelivery sendWebhookEvent(String type, String pageId, String... updatedProperties) {
        return sendWebhookEvent(webhookEvent(type, pageId, updatedProperties));
    }

    /** Sends this exact event (compact JSON, signed) now; waits for the receiver's answer. */
    public WebhookDelivery sendWebhookEvent(ObjectNode event) {
        return webhooks.send(event);
    }

    /** Every webhook POST made so far (verification and events), oldest first. */
    public List<WebhookDelivery> webhookDeliveries() {
        return webhooks.deliveries();
    }

    private WebhookSender.Settings requireWebhook() {
        WebhookSender.Settings s = webhooks.settings();
        if (s == null) {
            throw new IllegalStateException("no webhook URL configured; call configureWebhook first");
        }
        return s;
    }

    // ---- lifecycle -------------------------------------------------------------------------

    @Override
    public void close() {
        server.stop();
        webhooks.close();
    }

    private DatabaseRecord requireDatabase(String databaseId) {
        String id = NotionIds.normalize(databaseId);
        DatabaseRecord database = id == null ? null : store.databases.get(id);
        if (database == null) {
            throw new IllegalArgumentException("no database " + databaseId);
        }
        return database;
    }

    private DataSourceRecord requireDataSource(String dataSourceId) {
        String id = NotionIds.normalize(dataSourceId);
        DataSourceRecord dataSource = id == null ? null : store.dataSources.get(id);
        if (dataSource == null) {
            throw new IllegalArgumentException("no data source " + dataSourceId);
        }
        return dataSource;
    }

    /**
     * Runs the emulator on its own until killed. Options (or environment variables):
     * {@code --port} ({@code NOTION_EMULATOR_PORT}, default 0 = ephemeral),
     * {@code --host} ({@code NOTION_EMULATOR_HOST}, default 127.0.0.1),
     * {@code --rate} ({@code NOTION_EMULATOR_RATE}, requests per second, default 3; 0 = off),
     * {@code --burst} ({@code NOTION_EMULATOR_BURST}, default 10),
     * {@code --token} ({@code NOTION_EMULATOR_TOKEN}, default {@value #DEFAULT_TOKEN}),
     * {@code --result-cap} ({@code NOTION_EMULATOR_RESULT_CAP}, default 10000).
     */
    public static void main(String[] args) throws InterruptedException {
        Config config = config();
        config.port(Integer.parseInt(option(args, "--port", "NOTION_EMULATOR_PORT", "0")));
        config.host(option(args, "--host", "NOTION_EMULATOR_HOST", "127.0.0.1"));
        config.rateLimit(Double.parseDouble(option(args, "--rate", "NOTION_EMULATOR_RATE", "3")),
                Integer.parseInt(option(args, "--burst", "NOTION_EMULATOR_BURST", "10")));
        config.defaultToken(option(args, "--token", "NOTION_EMULATOR_TOKEN", DEFAULT_TOKEN));
        config.queryResultCap(Integer.parseInt(option(args, "--result-cap", "NOTION_EMULATOR_RESULT_CAP", "10000")));
        NotionEmulator emulator = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }));
        System.out.println("Notion emulator listening on " + emulator.baseUrl());
        System.out.println("  NOTION_BASE_URL=" + emulator.baseUrl());
        System.out.println("  NOTION_API_KEY=" + emulator.defaultToken());
        System.out.println("  database id:    " + emulator.defaultDatabaseId());
        System.out.println("  data source id: " + emulator.defaultDataSourceId());
        System.out.println("  bot user id:    " + emulator.botUserId());
        System.out.println("  rate limit:     " + config.requestsPerSecond + " req/s, burst " + config.burst);
        System.out.println("  control API:    " + emulator.baseUrl() + "/_emulator");
        System.out.flush();
        stopped.await();
    }

    private static String option(String[] args, String name, String env, String fallback) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(name + "=")) {
                return args[i].substring(name.length() + 1);
            }
        }
        String fromEnv = System.getenv(env);
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : fallback;
    }
}
