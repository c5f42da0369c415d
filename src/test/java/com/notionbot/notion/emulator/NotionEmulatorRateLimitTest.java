package com.notionbot.notion.emulator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NotionEmulatorRateLimitTest extends EmulatorTestSupport {

    /**
     * Each test starts at Notion's 3/s with a burst of 5 and full buckets: setting the limit drops
     * every token's bucket, so the state is that of an emulator just started with this limit.
     */
    @BeforeEach
    void rateLimit() {
        emulator.setRateLimit(3, 5);
    }

    @Test
    void requestsBeyondTheBurstAreRateLimitedWithRetryAfter() {
        emulator.setRateLimit(0.1, 5); // a slow refill, so the burst is spent however slow this machine is
        List<Integer> statuses = new ArrayList<>();
        NotionHttp.Response limited = null;
        for (int i = 0; i < 6; i++) {
            NotionHttp.Response response = notion.get("/v1/users/me");
            statuses.add(response.status());
            if (response.status() == 429) {
                limited = response;
            }
        }

        assertThat(statuses.subList(0, 5)).containsOnly(200);
        assertThat(statuses.get(5)).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("rate_limited");
        assertThat(limited.message()).isEqualTo("You have been rate limited. Please try again in a few minutes.");
        assertThat(limited.body().path("object").asText()).isEqualTo("error");
        String retryAfter = limited.headers().firstValue("Retry-After").orElseThrow();
        assertThat(retryAfter).matches("[1-9][0-9]*");
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 10);
        assertThat(emulator.countRequests("GET", "/v1/users/me", 429)).isEqualTo(1);
    }

    @Test
    void rateLimitedTokenRecoversWithinRetryAfter() {
        NotionHttp.Response response = notion.get("/v1/users/me");
        while (response.status() != 429) {
            assertThat(emulator.countRequests("GET", "/v1/users/me")).isLessThan(10);
            response = notion.get("/v1/users/me");
        }
        long retryAfterSeconds = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());

        await().atMost(Duration.ofSeconds(retryAfterSeconds).plusMillis(500)).pollInterval(Duration.ofMillis(100))
                .until(() -> notion.get("/v1/users/me").status() == 200);
    }

    @Test
    void eachTokenHasItsOwnBucket() {
        emulator.setRateLimit(0.1, 5);
        emulator.addToken("ntn_second_integration");
        for (int i = 0; i < 5; i++) {
            notion.get("/v1/users/me");
        }

        assertThat(notion.get("/v1/users/me").status()).isEqualTo(429);
        assertThat(notion.withToken("ntn_second_integration").get("/v1/users/me").status()).isEqualTo(200);
    }

    @Test
    void rateLimitCanBeChangedAndSwitchedOff() {
        emulator.setRateLimit(0.1, 1);
        assertThat(notion.get("/v1/users/me").status()).isEqualTo(200);
        assertThat(notion.get("/v1/users/me").status()).isEqualTo(429);

        emulator.disableRateLimit();

        for (int i = 0; i < 20; i++) {
            assertThat(notion.get("/v1/users/me").status()).isEqualTo(200);
        }
    }

    @Test
    void unknownTokensDoNotSpendTheBudget() {
        emulator.setRateLimit(0.1, 1);
        for (int i = 0; i < 10; i++) {
            assertThat(notion.withToken("ntn_unknown").get("/v1/users/me").status()).isEqualTo(401);
        }

        assertThat(notion.get("/v1/users/me").status()).isEqualTo(200);
    }
}
