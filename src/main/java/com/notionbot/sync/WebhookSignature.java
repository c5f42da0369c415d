package com.notionbot.sync;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Notion's webhook signature: {@code X-Notion-Signature: sha256=<hex>}, the HMAC-SHA256 of the raw
 * request body bytes keyed with the subscription's verification token. Compared in constant time.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    public static String sign(String verificationToken, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(verificationToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(rawBody));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the header is a valid signature of exactly these bytes. */
    public static boolean verify(String verificationToken, byte[] rawBody, String header) {
        if (verificationToken == null || header == null || !header.startsWith("sha256=") || header.length() != 71) {
            return false;
        }
        byte[] expected = sign(verificationToken, rawBody).getBytes(StandardCharsets.US_ASCII);
        byte[] given = ("sha256=" + header.substring(7).toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /** A token as logs may show it: its first characters only. */
    public static String mask(String token) {
        return token == null ? null : token.substring(0, Math.min(9, token.length())) + "…(" + token.length() + " chars)";
    }
}
