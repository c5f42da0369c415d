package com.notionbot.notion.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A property of a stored data source: id, name, type and, for select / multi_select / status,
 * its options (select options grow when a page names an unknown one). Guarded by the store's lock.
 */
final class PropertyDef {

    record Option(String id, String name, String color) {
    }

    record Group(String id, String name, String color, List<String> optionIds) {
    }

    private static final String[] COLORS = {"default", "gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red"};

    final String id;
    final String name;
    final String type;
    final List<Option> options = new ArrayList<>();
    final List<Group> groups = new ArrayList<>();

    PropertyDef(String id, String name, String type) {
        this.id = id;
        this.name = name;
        this.type = type;
    }

    static PropertyDef from(DataSourceSchema.Property spec, String id) {
        PropertyDef def = new PropertyDef(id, spec.name(), spec.type());
        List<String> names = spec.options();
        if (spec.type().equals("status")) {
            def.buildStatusGroups(names);
        } else {
            for (String name : names) {
                def.addOption(name, null);
            }
        }
        return def;
    }

    boolean hasOptions() {
        return type.equals("select") || type.equals("multi_select") || type.equals("status");
    }

    Optional<Option> optionByName(String name) {
        return options.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    Optional<Option> optionById(String optionId) {
        return options.stream().filter(o -> o.id().equals(optionId)).findFirst();
    }

    int optionIndex(String optionId) {
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).id().equals(optionId)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    static String colorFor(int index) {
        return COLORS[index % COLORS.length];
    }

    Option addOption(String name, String color) {
        Option option = new Option(NotionIds.random(), name, color != null ? color : colorFor(options.size()));
        options.add(option);
        return option;
    }

    /** The option a new page gets when it does not name one: the first of the To-do group. */
    Optional<Option> defaultStatus() {
        if (!type.equals("status") || options.isEmpty()) {
            return Optional.empty();
        }
        for (Group group : groups) {
            if (!group.optionIds().isEmpty()) {
                return optionById(group.optionIds().get(0));
            }
        }
        return Optional.of(options.get(0));
    }

    /**
     * Status options live in three groups (To-do, In progress, Complete). The first option goes
     * to To-do, the last to Complete, the ones between to In progress; names that say "done" or
     * "complete" go to Complete and "progress" to In progress.
     */
    private void buildStatusGroups(List<String> names) {
        List<String> todo = new ArrayList<>();
        List<String> doing = new ArrayList<>();
        List<String> complete = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String lower = names.get(i).toLowerCase(Locale.ROOT);
            String color;
            List<String> group;
            if (lower.contains("done") || lower.contains("complete") || (i == names.size() - 1 && i > 0)) {
                group = complete;
                color = "green";
            } else if (lower.contains("progress") || i > 0) {
                group = doing;
                color = "blue";
            } else {
                group = todo;
                color = "default";
            }
            group.add(addOption(names.get(i), color).id());
        }
        groups.add(new Group(NotionIds.random(), "To-do", "gray", todo));
        groups.add(new Group(NotionIds.random(), "In progress", "blue", doing));
        groups.add(new Group(NotionIds.random(), "Complete", "green", complete));
    }
}
