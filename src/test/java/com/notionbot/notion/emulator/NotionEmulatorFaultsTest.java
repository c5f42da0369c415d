package com.notionbot.notion.emulator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static com.notionbot.notion.emulator.NotionHttp.createInDataSource;
import static com.notionbot.notion.emulator.NotionHttp.named;
import static com.notionbot.notion.emulator.NotionHttp.titleText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class NotionEmulatorFaultsTest extends EmulatorTestSupport {

    private String createBody(String name) {
        return createInDataSource(emulator.defaultDataSourceId(), named(name));
    }

    @Test
    void statusFaultAnswersTheNextNMatchingRequestsWithNotionsBody() {
        emulator.injectFault(Fault.status(503).on("POST", "/v1/pages").times(2));

        NotionHttp.Response first = notion.post("/v1/pages", createBody("one"));
        NotionHttp.Response read = notion.get("/v1/users/me");
        NotionHttp.Response second = notion.post("/v1/pages", createBody("two"));
        NotionHttp.Response third = notion.post("/v1/pages", createBody("three"));

        assertThat(first.status()).isEqualTo(503);
        assertThat(first.code()).isEqualTo("service_unavailable");
        assertThat(first.body().path("object").asText()).isEqualTo("error");
        assertThat(read.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(503);
        assertThat(third.status()).isEqualTo(200);
        assertThat(emulator.pages()).extracting(p -> titleText(p, "Name")).containsExactly("three");
        assertThat(emulator.requests()).filteredOn(RecordedRequest::faultInjected).hasSize(2);
    }

    @Test
    void statusFaultDuringAWindowAnswersEveryMatchUntilItEnds() {
        emulator.injectFault(Fault.status(500).on("GET", "/v1/users/me").during(Duration.ofMillis(600)));
        AtomicInteger failures = new AtomicInteger();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            NotionHttp.Response response = notion.get("/v1/users/me");
            if (response.status() == 500) {
                assertThat(response.code()).isEqualTo("internal_server_error");
                failures.incrementAndGet();
            }
            return response.status() == 200;
        });

        assertThat(failures.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void rateLimitAndOverloadFaultsCarryRetryAfter() {
        emulator.injectFault(Fault.rateLimited(7));
        emulator.injectFault(Fault.serviceOverload(2));

        NotionHttp.Response limited = notion.get("/v1/users/me");
        NotionHttp.Response overloaded = notion.get("/v1/users/me");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("rate_limited");
        assertThat(limited.headers().firstValue("Retry-After")).contains("7");
        assertThat(overloaded.status()).isEqualTo(529);
        assertThat(overloaded.code()).isEqualTo("service_overload");
        assertThat(overloaded.headers().firstValue("Retry-After")).contains("2");
        assertThat(notion.get("/v1/users/me").status()).isEqualTo(200);
    }

    @Test
    void droppedConnectionAfterTheWriteLeavesThePageCreated() {
        emulator.injectFault(Fault.dropConnectionAfterWrite().on("POST", "/v1/pages"));

        assertThatThrownBy(() -> notion.sendOrThrow("POST", "/v1/pages", createBody("ambiguous")))
                .isInstanceOf(IOException.class);

        assertThat(emulator.pages()).extracting(p -> titleText(p, "Name")).containsExactly("ambiguous");
        RecordedRequest dropped = emulator.requests().get(0);
        assertThat(dropped.connectionDropped()).isTrue();
        assertThat(dropped.status()).isEqualTo(200);
        NotionHttp.Response lookup = notion.post("/v1/data_sources/" + emulator.defaultDataSourceId() + "/query",
                "{\"filter\":{\"property\":\"Name\",\"title\":{\"equals\":\"ambiguous\"}}}");
        assertThat(lookup.body().path("results")).hasSize(1);
    }

    @Test
    void droppedConnectionBeforeTheWriteCreatesNothing() {
        emulator.injectFault(Fault.dropConnection().on("POST", "/v1/pages"));

        assertThatThrownBy(() -> notion.sendOrThrow("POST", "/v1/pages", createBody("lost"))).isInstanceOf(IOException.class);

        assertThat(emulator.pages()).isEmpty();
        assertThat(notion.post("/v1/pages", createBody("retried")).status()).isEqualTo(200);
    }

    @Test
    void latencyFaultDelaysTheAnswer() {
        emulator.injectFault(Fault.latency(Duration.ofMillis(300)).on("GET", "/v1/users/me"));

        long started = System.nanoTime();
        NotionHttp.Response response = notion.get("/v1/users/me");
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.status()).isEqualTo(200);
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(300);
    }

    @Test
    void rawBodyFaultImitatesAnEdgeProxy() {
        emulator.injectFault(Fault.status(502).withRawBody("text/html", "<html><body>502 Bad Gateway</body></html>"));

        NotionHttp.Response response = notion.get("/v1/users/me");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.text()).contains("502 Bad Gateway");
        assertThat(response.headers().firstValue("Content-Type")).contains("text/html");
    }

    @Test
    void customCodeAndMessageReplaceNotionsDefaults() {
        emulator.injectFault(Fault.status(409).withMessage("Conflict occurred while saving. Please try again."));
        emulator.injectFault(Fault.status(503).withCode("database_connection_unavailable"));

        NotionHttp.Response conflict = notion.get("/v1/users/me");
        NotionHttp.Response unavailable = notion.get("/v1/users/me");

        assertThat(conflict.code()).isEqualTo("conflict_error");
        assertThat(unavailable.code()).isEqualTo("database_connection_unavailable");
    }

    @Test
    void clearedFaultsNoLongerFire() {
        emulator.injectFault(Fault.status(500).always());
        assertThat(notion.get("/v1/users/me").status()).isEqualTo(500);

        emulator.clearFaults();

        assertThat(notion.get("/v1/users/me").status()).isEqualTo(200);
        assertThat(emulator.activeFaults()).isEmpty();
    }
}
