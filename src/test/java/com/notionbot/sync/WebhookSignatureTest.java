package com.notionbot.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    static final String TOKEN = "secret_tMrlL1qK5vuQAh1b6cZGhFChZTSYJlce98V0pYn7yBl";
    static final byte[] BODY = ("{\"verification_token\":\"" + TOKEN + "\"}").getBytes(StandardCharsets.UTF_8);

    @Test
    void notionsDocumentedTestVectorVerifies() {
        String documented = "sha256=461e8cbcba8a75c3edd866f0e71280f5a85cbf21eff040ebd10fe266df38a735";
        assertThat(WebhookSignature.sign(TOKEN, BODY)).isEqualTo(documented);
        assertThat(WebhookSignature.verify(TOKEN, BODY, documented)).isTrue();
        assertThat(WebhookSignature.verify(TOKEN, BODY, documented.toUpperCase().replace("SHA256=", "sha256="))).isTrue();
    }

    @Test
    void aTamperedOrReserialisedBodyFails() {
        String signature = WebhookSignature.sign(TOKEN, BODY);
        byte[] pretty = ("{ \"verification_token\": \"" + TOKEN + "\" }").getBytes(StandardCharsets.UTF_8);
        byte[] tampered = BODY.clone();
        tampered[5] ^= 1;
        assertThat(WebhookSignature.verify(TOKEN, pretty, signature)).isFalse();
        assertThat(WebhookSignature.verify(TOKEN, tampered, signature)).isFalse();
    }

    @Test
    void aMissingPrefixWrongLengthOrOtherKeyFails() {
        String signature = WebhookSignature.sign(TOKEN, BODY);
        assertThat(WebhookSignature.verify(TOKEN, BODY, signature.substring(7))).isFalse();
        assertThat(WebhookSignature.verify(TOKEN, BODY, signature + "0")).isFalse();
        assertThat(WebhookSignature.verify(TOKEN, BODY, null)).isFalse();
        assertThat(WebhookSignature.verify("secret_other", BODY, signature)).isFalse();
    }

    @Test
    void logsSeeOnlyTheStartOfAToken() {
        assertThat(WebhookSignature.mask(TOKEN)).doesNotContain(TOKEN.substring(9)).startsWith("secret_tM");
    }
}
