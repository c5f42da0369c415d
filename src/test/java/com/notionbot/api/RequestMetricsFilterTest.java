package com.notionbot.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestMetricsFilterTest {

    @Test
    void pathsBecomeBoundedRouteTemplates() {
        assertThat(RequestMetricsFilter.routeOf("/tasks", 200)).isEqualTo("/tasks");
        assertThat(RequestMetricsFilter.routeOf("/tasks/6b09223ef545b09ad629482d", 200)).isEqualTo("/tasks/{id}");
        assertThat(RequestMetricsFilter.routeOf("/tasks/anything-at-all", 400)).isEqualTo("/tasks/{id}");
        assertThat(RequestMetricsFilter.routeOf("/tasks/abc/sync", 202)).isEqualTo("/tasks/{id}/sync");
        assertThat(RequestMetricsFilter.routeOf("/tasks/abc/def/ghi", 404)).isEqualTo("other");
        assertThat(RequestMetricsFilter.routeOf("/random-" + System.nanoTime(), 404)).isEqualTo("unmatched");
    }

    @Test
    void cursorsRoundTripAndForeignOnesAreRefused() {
        org.bson.types.ObjectId id = new org.bson.types.ObjectId();
        assertThat(TasksApi.decodeCursor(TasksApi.encodeCursor(id))).isEqualTo(id);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TasksApi.decodeCursor(id.toHexString()))
                .isInstanceOf(ApiException.class);
    }
}
