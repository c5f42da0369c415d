package com.notionbot.notion.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static com.notionbot.notion.emulator.NotionHttp.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NotionEmulatorWebhookTest extends EmulatorTestSupport {

    static final String DOCS_TOKEN = "secret_tMrlL1qK5vuQAh1b6cZGhFChZTSYJlce98V0pYn7yBl";
    static final String DOCS_BODY = "{\"verification_token\":\"" + DOCS_TOKEN + "\"}";
    static final String DOCS_SIGNATURE = "sha256=461e8cbcba8a75c3edd866f0e71280f5a85cbf21eff040ebd10fe266df38a735";

    WebhookReceiver receiver;

    @BeforeEach
    void setUp() {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void tearDown() {
        emulator.removeWebhook();
        receiver.close();
    }

    private String createTask(String name) {
        return createPage(named(name)).body().path("id").asText();
    }

    @Test
    void signatureMatchesTheDocumentedTestVector() {
        byte[] body = DOCS_BODY.getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSigner.sign(DOCS_TOKEN, body)).isEqualTo(DOCS_SIGNATURE);
        assertThat(WebhookSigner.verify(DOCS_TOKEN, body, DOCS_SIGNATURE)).isTrue();
        assertThat(WebhookSigner.verify(DOCS_TOKEN, ("{\"verification_token\": \"" + DOCS_TOKEN + "\"}").getBytes(StandardCharsets.UTF_8),
                DOCS_SIGNATURE)).isFalse();
    }

    @Test
    void verificationRequestCarriesTheTokenAndIsSignedWithIt() {
        emulator.configureWebhook(receiver.url(), DOCS_TOKEN);

        WebhookDelivery delivery = emulator.sendWebhookVerification();

        assertThat(delivery.status()).isEqualTo(200);
        assertThat(receiver.received()).singleElement().satisfies(r -> {
            assertThat(r.text()).isEqualTo(DOCS_BODY);
            assertThat(r.signature()).isEqualTo(DOCS_SIGNATURE);
        });
    }

    @Test
    void generatedVerificationTokensLookLikeNotions() {
        String token = emulator.configureWebhook(receiver.url());

        assertThat(token).matches("secret_[A-Za-z0-9]{43}");
        assertThat(emulator.webhookVerificationToken()).contains(token);
    }

    @Test
    void personEditSendsASignedPropertiesUpdatedEvent() {
        String token = emulator.configureWebhook(receiver.url());
        String pageId = createTask("Watched");
        String statusId = emulator.dataSource(emulator.defaultDataSourceId()).path("properties").path("Status").path("id").asText();

        emulator.editPageAsPerson(pageId, "{\"Status\":{\"status\":{\"name\":\"Done\"}}}");

        await().atMost(Duration.ofSeconds(5)).until(() -> !receiver.ofType("page.properties_updated").isEmpty());
        WebhookReceiver.Received received = receiver.ofType("page.properties_updated").get(0);
        assertThat(WebhookSigner.verify(token, received.body(), received.signature())).isTrue();
        JsonNode event = received.json();
        assertThat(event.path("id").asText()).hasSize(36);
        assertThat(event.path("timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(event.path("workspace_id").asText()).isEqualTo(NotionEmulator.WORKSPACE_ID);
        assertThat(event.path("subscription_id").asText()).isEqualTo(NotionEmulator.SUBSCRIPTION_ID);
        assertThat(event.path("integration_id").asText()).isEqualTo(NotionEmulator.INTEGRATION_ID);
        assertThat(event.path("authors").get(0).path("id").asText()).isEqualTo(emulator.personUserId());
        assertThat(event.path("authors").get(0).path("type").asText()).isEqualTo("person");
        assertThat(event.path("attempt_number").asInt()).isEqualTo(1);
        assertThat(event.path("api_version").asText()).isEqualTo("2025-09-03");
        assertThat(event.path("entity").path("id").asText()).isEqualTo(pageId);
        assertThat(event.path("entity").path("type").asText()).isEqualTo("page");
        assertThat(event.path("data").path("parent").path("id").asText()).isEqualTo(emulator.defaultDatabaseId());
        assertThat(event.path("data").path("parent").path("type").asText()).isEqualTo("database");
        assertThat(event.path("data").path("parent").path("data_source_id").asText()).isEqualTo(emulator.defaultDataSourceId());
        assertThat(event.path("data").path("updated_properties")).extracting(JsonNode::asText).containsExactly(statusId);
    }

    @Test
    void theIntegrationsOwnWritesComeBackAsBotAuthoredEvents() {
        emulator.configureWebhook(receiver.url());

        String pageId = createTask("Echo");

        await().atMost(Duration.ofSeconds(5)).until(() -> !receiver.ofType("page.created").isEmpty());
        JsonNode event = receiver.ofType("page.created").get(0).json();
        assertThat(event.path("entity").path("id").asText()).isEqualTo(pageId);
        assertThat(event.path("authors").get(0).path("id").asText()).isEqualTo(emulator.botUserId());
        assertThat(event.path("authors").get(0).path("type").asText()).isEqualTo("bot");
    }

    @Test
    void trashingAndRestoringSendDeletedAndUndeleted() {
        emulator.configureWebhook(receiver.url());
        String pageId = createTask("Bin");

        emulator.trashPageAsPerson(pageId);
        emulator.restorePageAsPerson(pageId);

        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 3);
        assertThat(receiver.received()).extracting(r -> r.json().path("type").asText())
                .containsExactly("page.created", "page.deleted", "page.undeleted");
    }

    @Test
    void switchedOffAutomaticEventsDropEveryWebhook() {
        emulator.configureWebhook(receiver.url());
        emulator.setAutoWebhookEvents(false);
        String pageId = createTask("Silent");
        emulator.editPageAsPerson(pageId, "{\"Status\":{\"status\":{\"name\":\"Done\"}}}");

        emulator.sendWebhookEvent("page.content_updated", pageId);

        await().atMost(Duration.ofSeconds(5)).until(() -> !receiver.received().isEmpty());
        assertThat(receiver.received()).extracting(r -> r.json().path("type").asText()).containsExactly("page.content_updated");
    }

    @Test
    void echoesOfApiWritesCanBeSwitchedOffAlone() {
        emulator.configureWebhook(receiver.url());
        emulator.setWebhookEchoesApiWrites(false);
        String pageId = createTask("No echo");

        emulator.editPageAsPerson(pageId, "{\"Priority\":{\"select\":{\"name\":\"Low\"}}}");

        await().atMost(Duration.ofSeconds(5)).until(() -> !receiver.received().isEmpty());
        assertThat(receiver.received()).extracting(r -> r.json().path("type").asText()).containsExactly("page.properties_updated");
    }

    @Test
    void aBuiltEventCanBeChangedAndSentTwice() {
        emulator.configureWebhook(receiver.url());
        emulator.setAutoWebhookEvents(false);
        String pageId = createTask("Duplicate");
        ObjectNode event = emulator.webhookEvent("page.properties_updated", pageId, "Name", "Status");
        event.put("attempt_number", 2);

        WebhookDelivery first = emulator.sendWebhookEvent(event);
        WebhookDelivery second = emulator.sendWebhookEvent(event);

        assertThat(first.succeeded()).isTrue();
        assertThat(second.eventId()).isEqualTo(first.eventId());
        assertThat(receiver.received()).hasSize(2);
        assertThat(receiver.received().get(1).json().path("attempt_number").asInt()).isEqualTo(2);
        assertThat(receiver.received().get(1).json().path("data").path("updated_properties")).hasSize(2);
        assertThat(emulator.webhookDeliveries()).hasSize(2);
    }

    @Test
    void subscriptionOn2022LeavesOutTheDataSourceId() {
        emulator.configureWebhook(receiver.url());
        emulator.setWebhookApiVersion("2022-06-28");
        emulator.setAutoWebhookEvents(false);
        String pageId = createTask("Old subscription");

        emulator.sendWebhookEvent("page.created", pageId);

        JsonNode event = receiver.received().get(0).json();
        assertThat(event.path("data").path("parent").has("data_source_id")).isFalse();
        assertThat(event.path("api_version").asText()).isEqualTo("2022-06-28");
    }

    @Test
    void unreachableReceiverIsRecordedAsAFailedDelivery() {
        receiver.close();
        emulator.configureWebhook(receiver.url());

        WebhookDelivery delivery = emulator.sendWebhookVerification();

        assertThat(delivery.succeeded()).isFalse();
        assertThat(delivery.status()).isEqualTo(-1);
        assertThat(delivery.error()).isNotEmpty();
    }
}
