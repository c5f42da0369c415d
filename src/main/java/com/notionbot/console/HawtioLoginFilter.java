package com.notionbot.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.notionbot.api.ReplayedBodyRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hawtio's own login form posts {@code {"username","password"}} as JSON to {@code auth/login}.
 * This filter checks those credentials with Spring Security (the same user as the form login and
 * HTTP Basic), starts a fresh session holding the Spring Security context, and hands the request
 * on to Hawtio's login servlet, which asks JAAS, that is {@link SpringSecurityLoginModule}, and
 * sets up its own session. The login counts only if Hawtio accepts it too: when Hawtio answers
 * anything but 200 (wrong role, too many attempts), the session is dropped again. Wrong
 * credentials go on unauthenticated, so Hawtio answers 403 and counts them for its brute-force
 * throttle.
 */
final class HawtioLoginFilter extends OncePerRequestFilter {

    /** Larger login bodies are not credentials. */
    private static final int MAX_BODY = 8 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RequestMatcher loginRequest;
    private final AuthenticationManager authenticationManager;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    HawtioLoginFilter(RequestMatcher loginRequest, AuthenticationManager authenticationManager) {
        this.loginRequest = loginRequest;
        this.authenticationManager = authenticationManager;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !loginRequest.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        SecurityContextHolder.clearContext();
        Authentication authenticated = authenticate(body);
        if (authenticated != null) {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(authenticated);
            SecurityContextHolder.setContext(context);
            request.getSession(true);
            contexts.saveContext(context, request, response);
        }
        chain.doFilter(new ReplayedBodyRequest(request, body), response); // readable again for Hawtio's login servlet
        if (authenticated != null && response.getStatus() != HttpServletResponse.SC_OK) {
            SecurityContextHolder.clearContext();
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
        }
    }

    private Authentication authenticate(byte[] body) {
        try {
            JsonNode credentials = JSON.readTree(body);
            if (credentials == null || !credentials.path("username").isTextual() || !credentials.path("password").isTextual()) {
                return null;
            }
            return authenticationManager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(
                    credentials.get("username").asText(), credentials.get("password").asText()));
        } catch (IOException | AuthenticationException e) {
            return null;
        }
    }
}
