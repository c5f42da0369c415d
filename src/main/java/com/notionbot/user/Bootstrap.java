package com.notionbot.user;

import com.notionbot.config.SecretFiles;
import com.notionbot.store.EmbeddedStore;
import com.notionbot.task.TaskRepository;
import com.notionbot.workspace.WorkspaceRepository;
import java.io.IOException;
import java.nio.file.Path;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Prepares the store at start: indexes, the default workspace, and the bootstrap key of its first
 * user. {@code API_KEY} sets that key; with neither {@code API_KEY} nor {@code ADMIN_API_KEY} in
 * embedded mode, a key is generated once, printed, and kept in {@code DATA_DIR/dev-api-key}.
 */
@Component
public class Bootstrap {

    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);
    public static final String DEV_KEY_FILE = "dev-api-key";

    public Bootstrap(TaskRepository tasks, UserRepository users, WorkspaceRepository workspaces,
                     EmbeddedStore embedded,
                     @Value("${api.key}") String apiKey,
                     @Value("${api.admin-key}") String adminKey,
                     @Value("${data.dir}") String dataDir) {
        tasks.createIndexes();
        users.createIndexes();
        workspaces.ensureDefault();
        if (!apiKey.isBlank()) {
            installKey(users, apiKey);
            log.info("Bootstrap API key from API_KEY installed for the default workspace ({})", ApiKeys.prefix(apiKey));
        } else if (adminKey.isBlank() && embedded.active()) {
            installDevKey(users, Path.of(dataDir));
        } else if (adminKey.isBlank()) {
            log.warn("Neither API_KEY nor ADMIN_API_KEY is set: no one can submit tasks until one is");
        }
    }

    static void installKey(UserRepository users, String key) {
        String hash = ApiKeys.hash(key);
        if (users.findByKeyHash(hash) != null) {
            return;
        }
        Document first = users.findFirstOfWorkspace(WorkspaceRepository.DEFAULT_ID);
        if (first == null) {
            try {
                users.create(WorkspaceRepository.DEFAULT_ID, "bootstrap", hash, ApiKeys.prefix(key));
            } catch (com.mongodb.MongoWriteException e) {
                // Replicas starting together: another one installed this very key a moment ago.
                if (e.getError().getCategory() != com.mongodb.ErrorCategory.DUPLICATE_KEY || users.findByKeyHash(hash) == null) {
                    throw e;
                }
            }
        } else {
            users.replaceKey(first.getObjectId("_id"), hash, ApiKeys.prefix(key));
        }
    }

    private static void installDevKey(UserRepository users, Path dataDir) {
        Path file = dataDir.resolve(DEV_KEY_FILE);
        try {
            SecretFiles.Secret key = SecretFiles.readOrCreate(file, ApiKeys::generate);
            installKey(users, key.value());
            if (!key.created()) {
                log.info("Development API key: read from {} (export NOTION_BOT_KEY=$(cat {}))", file, file);
                return;
            }
            // Printed once, on purpose: this is the key the README's curl examples use.
            System.out.println("\n  notion-bot development API key (embedded mode, shown once): " + key.value()
                    + "\n  saved to " + file.toAbsolutePath() + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the development API key to " + file + ": " + e.getMessage(), e);
        }
    }
}
