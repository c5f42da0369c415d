package com.notionbot.api;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
final class GuardedRequest extends HttpServletRequestWrapper {

    private final byte[] body;
    private final Map<String, String> identity = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    GuardedRequest(HttpServletRequest request, byte[] body, Map<String, String> identity) {
        super(request);
        this.body = body;
        this.identity.putAll(identity);
    }

    /** The raw body bytes exactly as received. */
    byte[] body() {
        return body;
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

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    @Override
    public ServletInputStream getInputStream() {
        return ReplayableBody.stream(body);
    }

    @Override
    public BufferedReader getReader() {
        return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }
}
