package com.notionbot.api;

import com.notionbot.user.ApiKeys;
import com.notionbot.user.UserRepository;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards every API request before Camel sees it: body size (413), content type (415), the API key
 * ({@code X-API-Key} or {@code Authorization: Bearer}, 401), the admin key for {@code /admin}
 * (403), and each key's inbound rate limit (429 with {@code Retry-After}). The caller's identity
 * travels on as headers only this filter can set. {@code POST /admin/restore} takes a gzip archive
 * ({@code application/gzip} or {@code application/octet-stream}) up to its own, larger size limit.
 */
@Component
@Order(2)
public class ApiGuardFilter extends OncePerRequestFilter {

    /** Internal: carries a user's own rate limit from the lookup to the limiter; never forwarded. */
    private static final String LIMIT = "X-Gateway-Rate-Limit";

    private final UserRepository users;
    private final String adminKey;
    private final int maxBodyBytes;
    private final int maxRestoreBytes;
    private final RateLimiterRegistry limiters;

    public ApiGuardFilter(UserRepository users,
                          @Value("${api.admin-key}") String adminKey,
                          @Value("${api.max-body-bytes}") int maxBodyBytes,
                          @Value("${api.rate-limit.per-second}") int perSecond,
                          @Value("${api.max-restore-bytes:536870912}") int maxRestoreBytes) {
        this.users = users;
        this.adminKey = adminKey;
        this.maxBodyBytes = maxBodyBytes;
        this.maxRestoreBytes = maxRestoreBytes;
        this.limiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(perSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        boolean admin = path.startsWith("/admin");
        boolean api = admin || path.equals("/tasks") || path.startsWith("/tasks/");
        boolean webhook = path.startsWith("/webhooks/");
        if (!api && !webhook) {
            chain.doFilter(request, response);
            return;
        }
        boolean restore = "POST".equals(request.getMethod()) && path.equals("/admin/restore");
        if (restore && (adminKey.isBlank() || !ApiKeys.sameSecret(presentedKey(request), adminKey))) {
            // An archive can be large: only the admin gets to send one.
            reject(response, adminKey.isBlank()
                    ? new ApiException(403, "admin_disabled", "admin endpoints are off: set ADMIN_API_KEY")
                    : new ApiException(401, "unauthorized", "missing or invalid admin key"));
            return;
        }
        byte[] body;
        try {
            body = readBody(request, restore ? maxRestoreBytes : maxBodyBytes);
        } catch (ApiException e) {
            reject(response, e);
            return;
        }
        if (webhook) {
            chain.doFilter(new GuardedRequest(request, body, Map.of()), response);
            return;
        }
        boolean createsSomething = "POST".equals(request.getMethod())
                && (path.equals("/tasks") || path.equals("/admin/users") || path.equals("/admin/workspaces"));
        if (restore) {
            String type = request.getContentType();
            if (type == null || !type.toLowerCase(Locale.ROOT).replace(" ", "")
                    .matches("application/(gzip|x-gzip|octet-stream)(;.*)?")) {
                reject(response, new ApiException(415, "unsupported_media_type",
                        "send the backup archive as Content-Type: application/gzip", "Content-Type"));
                return;
            }
        } else if (body.length > 0 || createsSomething || "PATCH".equals(request.getMethod())) {
            String type = request.getContentType();
            if (type == null || !type.toLowerCase(Locale.ROOT).replace(" ", "").matches("application/json(;.*)?")) {
                reject(response, new ApiException(415, "unsupported_media_type",
                        "send the body as Content-Type: application/json", "Content-Type"));
                return;
            }
        }
        String key = presentedKey(request);
        if (key == null) {
            reject(response, new ApiException(401, "unauthorized",
                    "missing API key: send X-API-Key or Authorization: Bearer <key>"));
            return;
        }
        Map<String, String> identity;
        if (admin) {
            if (adminKey.isBlank()) {
                reject(response, new ApiException(403, "admin_disabled", "admin endpoints are off: set ADMIN_API_KEY"));
                return;
            }
            if (!ApiKeys.sameSecret(key, adminKey)) {
                reject(response, new ApiException(401, "unauthorized", "invalid admin key"));
                return;
            }
            identity = Map.of(Principal.USER_HEADER, "admin", Principal.WORKSPACE_HEADER, "",
                    Principal.ROLE_HEADER, "admin");
        } else {
            Document user;
            try {
                user = findUser(ApiKeys.hash(key));
            } catch (com.mongodb.MongoException e) {
                response.setHeader("Retry-After", "5");
                reject(response, new ApiException(503, "database_unavailable", "The task store is unavailable; retry later"));
                return;
            }
            if (user == null) {
                reject(response, new ApiException(401, "unauthorized", "invalid API key"));
                return;
            }
            Number ownLimit = user.get("rate_limit_per_second", Number.class);
            identity = Map.of(Principal.USER_HEADER, user.getObjectId("_id").toHexString(),
                    Principal.WORKSPACE_HEADER, user.getString("workspace_id"),
                    Principal.ROLE_HEADER, "submitter",
                    LIMIT, ownLimit == null ? "" : Integer.toString(ownLimit.intValue()));
        }
        RateLimiter limiter = limiterFor(identity.get(Principal.USER_HEADER), identity.get(LIMIT));
        if (!limiter.acquirePermission()) {
            response.setHeader("Retry-After", "1");
            reject(response, new ApiException(429, "rate_limited",
                    "too many requests for this API key; retry after the Retry-After seconds"));
            return;
        }
        Map<String, String> forwarded = new java.util.HashMap<>(identity);
        forwarded.remove(LIMIT);
        chain.doFilter(new GuardedRequest(request, body, forwarded), response);
    }

    /** A user found by key hash, remembered briefly so each request does not cost a database read. */
    private record Known(Document user, long expiresAtNanos) {
    }

    private final java.util.Map<String, Known> known = new java.util.concurrent.ConcurrentHashMap<>();

    private Document findUser(String keyHash) {
        long now = System.nanoTime();
        Known k = known.get(keyHash);
        if (k != null && now - k.expiresAtNanos() < 0) {
            return k.user();
        }
        Document user = users.findByKeyHash(keyHash);
        if (user != null) {
            if (known.size() > 10_000) {
                known.clear();
            }
            known.put(keyHash, new Known(user, now + KEY_CACHE_NANOS));
        } else {
            known.remove(keyHash);
        }
        return user;
    }

    /** How long a key lookup is remembered (a disabled key stops working within this time). */
    private static final long KEY_CACHE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    /** The key's limiter: the user's own limit when an admin set one, else the default. */
    private RateLimiter limiterFor(String userId, String ownLimit) {
        if (ownLimit == null || ownLimit.isEmpty()) {
            return limiters.rateLimiter(userId);
        }
        int perSecond = Integer.parseInt(ownLimit);
        RateLimiter limiter = limiters.rateLimiter(userId + "/" + perSecond, RateLimiterConfig.from(limiters.getDefaultConfig())
                .limitForPeriod(perSecond).build());
        return limiter;
    }

    private byte[] readBody(HttpServletRequest request, int limit) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        byte[] body = request.getInputStream().readNBytes(limit + 1);
        if (body.length > limit) {
            throw tooLarge(limit);
        }
        return body;
    }

    private static ApiException tooLarge(int limit) {
        return new ApiException(413, "payload_too_large", "the body is larger than " + limit + " bytes");
    }

    static String presentedKey(HttpServletRequest request) {
        String key = request.getHeader("X-API-Key");
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        String auth = request.getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && auth.length() > 7) {
            return auth.substring(7).trim();
        }
        return null;
    }

    static void reject(HttpServletResponse response, ApiException e) throws IOException {
        response.setStatus(e.status());
        response.setContentType("application/json");
        if (e.status() == 413) {
            response.setHeader("Connection", "close");
        }
        response.getWriter().write(ErrorBodies.json(e.code(), e.getMessage(), e.field()));
    }
}
