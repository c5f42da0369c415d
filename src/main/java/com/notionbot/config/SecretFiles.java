package com.notionbot.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Secrets the gateway generates for itself on a first start in {@code DATA_DIR} (encryption key,
 * development API key, console password), so a restart finds the same one again.
 */
public final class SecretFiles {

    private SecretFiles() {
    }

    /** A secret, and whether it was made just now (then the caller may show it once). */
    public record Secret(String value, boolean created) {
    }

    /**
     * The secret kept in {@code file}; when the file is missing or empty, a new one from
     * {@code generate}, written readable by its owner only.
     */
    public static Secret readOrCreate(Path file, Supplier<String> generate) throws IOException {
        if (Files.exists(file)) {
            String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!stored.isEmpty()) {
                return new Secret(stored, false);
            }
        }
        String generated = generate.get();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        return new Secret(generated, true);
    }
}
