package com.notionbot.notion.emulator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Notion's webhook signature: {@code X-Notion-Signature: sha256=<hex>}, the HMAC-SHA256 of the
 * raw request body bytes keyed with the subscription's verification token.
 */
public final class WebhookSigner {

    public static final String HEADER = "X-Notion-Signature";

    private WebhookSigner() {
    }

    /** {@code sha256=} followed by the lower-case hex HMAC-SHA256 of {@code body} under {@code verificationToken}. */
    public static String sign(String verificationToken, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(verificationToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Checks a signature header against the raw body in constant time. */
    public static boolean verify(String verificationToken, byte[] body, String signatureHeader) {
        if (signatureHeader == null) {
            return false;
        }
        byte[] expected = sign(verificationToken, body).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = signatureHeader.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }
}
