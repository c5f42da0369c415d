package com.notionbot.notion.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/** The Notion API requests received, newest last; keeps the last {@value #CAPACITY}. Thread-safe. */
final class RequestLog {

    static final int CAPACITY = 200_000;

    private final Deque<RecordedRequest> entries = new ArrayDeque<>();
    private long sequence;

    synchronized long nextSequence() {
        return ++sequence;
    }

    synchronized void add(RecordedRequest request) {
        entries.addLast(request);
        while (entries.size() > CAPACITY) {
            entries.removeFirst();
        }
    }

    synchronized List<RecordedRequest> all() {
        List<RecordedRequest> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        return sorted;
    }

    synchronized long count(Predicate<RecordedRequest> predicate) {
        return entries.stream().filter(predicate).count();
    }

    synchronized void clear() {
        entries.clear();
    }
}
