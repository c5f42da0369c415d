package com.notionbot.console;

import com.notionbot.config.SecretFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one operator login of the console (Hawtio, Jolokia, actuator): {@code HAWTIO_USER} (default
 * {@code admin}) and {@code HAWTIO_PASSWORD}. Without a password, one is generated on the first start, printed once
 * and kept in {@code DATA_DIR/hawtio-password}, so restarts reuse it.
 */
@Component
class ConsoleCredentials {

    static final String PASSWORD_FILE = "hawtio-password";
    private static final Logger log = LoggerFactory.getLogger(ConsoleCredentials.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String username;
    private final String password;

    ConsoleCredentials(@Value("${hawtio.user}") String username,
                       @Value("${hawtio.password}") String password,
                       @Value("${data.dir}") String dataDir) {
        // An empty HAWTIO_USER (e.g. passed through empty by docker-compose) means the default.
        this.username = username.isBlank() ? "admin" : username.trim();
        this.password = password.isEmpty() ? storedOrGenerated(Path.of(dataDir)) : password;
    }

    String username() {
        return username;
    }

    String password() {
        return password;
    }

    private String storedOrGenerated(Path dataDir) {
        Path file = dataDir.resolve(PASSWORD_FILE);
        try {
            SecretFiles.Secret password = SecretFiles.readOrCreate(file, () -> {
                byte[] bytes = new byte[18];
                RANDOM.nextBytes(bytes);
                return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            });
            if (!password.created()) {
                log.info("Console password for '{}': read from {} (HAWTIO_PASSWORD is not set)", username, file);
                return password.value();
            }
            // Printed once, on purpose, like the development API key; never logged.
            System.out.println("\n  notion-bot console login (Hawtio at /actuator/hawtio, shown once): " + username
                    + " / " + password.value() + "\n  saved to " + file.toAbsolutePath() + "\n");
            return password.value();
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the console password in " + file + ": " + e.getMessage(), e);
        }
    }
}
