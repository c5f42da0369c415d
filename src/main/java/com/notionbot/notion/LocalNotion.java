package com.notionbot.notion;

import com.notionbot.notion.emulator.NotionEmulator;
import java.util.Optional;

/** The local Notion emulator when the gateway runs one (no NOTION_API_KEY), else empty. */
public record LocalNotion(Optional<NotionEmulator> emulator) implements AutoCloseable {

    @Override
    public void close() {
        emulator.ifPresent(NotionEmulator::close);
    }
}
