package com.notionbot.notion;

import com.notionbot.config.SecretFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest (Notion tokens, webhook verification tokens) with AES-256-GCM. The key
 * comes from {@code ENCRYPTION_KEY} (any string; its SHA-256 is the key); without it, a random key
 * is made once and kept in {@code DATA_DIR/encryption-key}, with a warning.
 */
@Component
public class TokenCipher {

    private static final Logger log = LoggerFactory.getLogger(TokenCipher.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public TokenCipher(@Value("${security.encryption-key}") String configured, @Value("${data.dir}") String dataDir) {
        this.key = new SecretKeySpec(DigestUtils.sha256(configured.isBlank() ? fileKey(Path.of(dataDir)) : configured), "AES");
    }

    private static String fileKey(Path dataDir) {
        Path file = dataDir.resolve("encryption-key");
        try {
            SecretFiles.Secret key = SecretFiles.readOrCreate(file, () -> {
                byte[] bytes = new byte[32];
                RANDOM.nextBytes(bytes);
                return Base64.getEncoder().encodeToString(bytes);
            });
            if (key.created()) {
                log.warn("ENCRYPTION_KEY is not set: secrets are encrypted with a generated key kept in {}", file);
            }
            return key.value();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or write " + file, e);
        }
    }

    public String encrypt(String plain) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return "v1:" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String decrypt(String sealed) {
        if (sealed == null || !sealed.startsWith("v1:")) {
            throw new IllegalStateException("not a sealed secret");
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(3));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt a stored secret: was ENCRYPTION_KEY changed?", e);
        }
    }

}
