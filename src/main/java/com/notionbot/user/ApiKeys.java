package com.notionbot.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * API keys: 32 random bytes, stored only as their SHA-256. A fast hash is right here because keys
 * are random and long (256 bits): unlike passwords, there is nothing to guess from the hash.
 */
public final class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "nb_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String key) {
        return DigestUtils.sha256Hex(key);
    }

    /** The first characters of a key, safe to show and log, to tell keys apart. */
    public static String prefix(String key) {
        return key.substring(0, Math.min(8, key.length())) + "…";
    }

    /** Compares two secrets in constant time. */
    public static boolean sameSecret(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
