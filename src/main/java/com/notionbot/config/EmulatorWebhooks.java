package com.notionbot.config;

import com.notionbot.notion.LocalNotion;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * In embedded mode, subscribes the gateway to the local emulator's webhooks once the gateway is
 * listening: the emulator sends its verification request (the gateway stores the token), then
 * signed events for edits made in the emulator, so the whole two-way loop runs out of the box.
 */
@Component("emulatorWebhooks")
public class EmulatorWebhooks {

    private static final Logger log = LoggerFactory.getLogger(EmulatorWebhooks.class);

    private final LocalNotion local;
    private final Environment env;
    private final com.notionbot.sync.WebhookReceiver receiver;

    public EmulatorWebhooks(LocalNotion local, Environment env, com.notionbot.sync.WebhookReceiver receiver) {
        this.local = local;
        this.env = env;
        this.receiver = receiver;
    }

    /** Called once by route notion-emulator-subscribe, when Camel (and so /webhooks/notion) is up. */
    public void subscribe() {
        local.emulator().ifPresent(emulator -> {
            String port = env.getProperty("local.server.port", env.getProperty("server.port", "8000"));
            URI url = URI.create("http://127.0.0.1:" + port + "/webhooks/notion");
            // A new emulator each start: forget the last one's subscription before it verifies a new one.
            receiver.reset(com.notionbot.workspace.WorkspaceRepository.DEFAULT_ID);
            emulator.configureWebhook(url);
            var delivery = emulator.sendWebhookVerification();
            log.info("Local Notion emulator sends its webhooks to {} (verification answered {})", url, delivery.status());
        });
    }
}
