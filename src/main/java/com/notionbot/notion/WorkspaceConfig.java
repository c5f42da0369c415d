package com.notionbot.notion;

import java.util.Map;

/**
 * One Notion integration as the gateway uses it: token (decrypted, never logged), where to call,
 * which database and data source, how fast, and how task fields map to properties.
 */
public record WorkspaceConfig(
        String id,
        String token,
        String baseUrl,
        String notionVersion,
        String databaseId,
        String dataSourceId,
        int ratePerSecond,
        Map<String, String> mapping,
        String conflictPolicy,
        boolean emulator,
        String botUserId,
        Map<String, String> schemaProblems,
        String accessStatus,
        String accessMessage) {

    /** The throttle lane: one per token, shared by every route that calls Notion with it. */
    public String lane() {
        return org.apache.commons.codec.digest.DigestUtils.sha256Hex(token).substring(0, 16);
    }

    public boolean usesDataSources() {
        return !"2022-06-28".equals(notionVersion);
    }

    public boolean ready() {
        return "ok".equals(accessStatus) && (dataSourceId != null || !usesDataSources());
    }

    /** The same workspace with a discovered data source id. */
    public WorkspaceConfig withDataSource(String dataSourceId) {
        return new WorkspaceConfig(id, token, baseUrl, notionVersion, databaseId, dataSourceId, ratePerSecond, mapping,
                conflictPolicy, emulator, botUserId, schemaProblems, accessStatus, accessMessage);
    }

    @Override
    public String toString() {
        return "WorkspaceConfig[" + id + ", " + baseUrl + ", database " + databaseId + ", token hidden]";
    }
}
