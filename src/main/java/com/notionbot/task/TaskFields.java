package com.notionbot.task;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The fields a submitter may send for a task. Limits follow Notion's: a multi-select takes at most
 * 100 options whose names may not contain commas; a title is kept to 2000 characters, one rich-text
 * piece.
 */
public record TaskFields(
        @Size(min = 1, max = 2000, message = "must be 1 to 2000 characters")
        @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        String title,
        @Size(max = 20000, message = "must be at most 20000 characters")
        String description,
        @Pattern(regexp = "todo|in_progress|done", message = "must be one of todo, in_progress, done")
        String status,
        @Pattern(regexp = "low|medium|high", message = "must be one of low, medium, high")
        String priority,
        String due,
        @Size(max = 100, message = "must hold at most 100 tags")
        List<@NotNull(message = "must not be null")
             @Size(min = 1, max = 100, message = "must be 1 to 100 characters")
             @Pattern(regexp = "[^,]*", message = "must not contain a comma (Notion multi-select rule)")
             String> tags,
        @Size(min = 1, max = 200, message = "must be 1 to 200 characters")
        String assignee) {

    public static final List<String> NAMES =
            List.of("title", "description", "status", "priority", "due", "tags", "assignee");
}
