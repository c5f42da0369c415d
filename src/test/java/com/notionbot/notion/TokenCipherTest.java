package com.notionbot.notion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCipherTest {

    @TempDir
    Path dir;

    @Test
    void encryptsSoTheTokenIsNotInTheStoredTextAndDecryptsBack() {
        TokenCipher cipher = new TokenCipher("a key from the environment", dir.toString());
        String sealed = cipher.encrypt("ntn_secret_token");
        assertThat(sealed).doesNotContain("ntn_secret_token").startsWith("v1:");
        assertThat(cipher.decrypt(sealed)).isEqualTo("ntn_secret_token");
        assertThat(cipher.encrypt("ntn_secret_token")).isNotEqualTo(sealed);
    }

    @Test
    void anotherKeyCannotDecrypt() {
        String sealed = new TokenCipher("key one", dir.toString()).encrypt("x");
        assertThatThrownBy(() -> new TokenCipher("key two", dir.toString()).decrypt(sealed))
                .hasMessageContaining("ENCRYPTION_KEY");
    }

    @Test
    void withoutAKeyOneIsGeneratedOnceAndKept() {
        String sealed = new TokenCipher("", dir.toString()).encrypt("x");
        assertThat(Files.exists(dir.resolve("encryption-key"))).isTrue();
        assertThat(new TokenCipher("", dir.toString()).decrypt(sealed)).isEqualTo("x");
    }
}
