package com.notionbot.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A request whose body was read (and size-checked) once, and whose identity headers come only from
 * {@link ApiGuardFilter}: a client's own {@code X-Gateway-*} headers are dropped.
 */
final class GuardedRequest extends ReplayedBodyRequest {

    private final Map<String, String> identity = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    GuardedRequest(HttpServletRequest request, byte[] body, Map<String, String> identity) {
        super(request, body);
        this.identity.putAll(identity);
    }

    private static boolean reserved(String name) {
        return name.toLowerCase(Locale.ROOT).startsWith("x-gateway-");
    }

    @Override
    public String getHeader(String name) {
        if (reserved(name)) {
            return identity.get(name);
        }
        return super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if (reserved(name)) {
            String v = identity.get(name);
            return v == null ? Collections.emptyEnumeration() : Collections.enumeration(Set.of(v));
        }
        return super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements(); ) {
            String n = e.nextElement();
            if (!reserved(n)) {
                names.add(n);
            }
        }
        names.addAll(identity.keySet());
        return Collections.enumeration(names);
    }
}
