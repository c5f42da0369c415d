package com.notionbot.notion.emulator;

import java.util.List;

/** Told about every page change, inside the store's lock (so implementations must not block). */
interface PageEvents {

    PageEvents NONE = (type, page, dataSource, caller, updatedPropertyIds) -> { };

    /**
     * @param type               {@code page.created}, {@code page.properties_updated}, {@code page.deleted} or {@code page.undeleted}
     * @param updatedPropertyIds ids of the properties that changed, for {@code page.properties_updated}
     */
    void pageChanged(String type, PageRecord page, DataSourceRecord dataSource, Caller caller, List<String> updatedPropertyIds);
}
