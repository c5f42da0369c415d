package com.notionbot.console;

import io.hawt.web.auth.RolePrincipal;
import io.hawt.web.auth.UserPrincipal;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.spi.LoginModule;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The JAAS login module of Hawtio's realm: Hawtio asks JAAS who the caller is, and the answer is
 * whoever Spring Security has already authenticated on this request (form login, HTTP Basic, or
 * Hawtio's own login form, which {@link HawtioLoginFilter} authenticates with Spring Security).
 * It never checks a password itself, so there is one user store and one place that checks it.
 * The subject gets Hawtio's user principal and one role principal per granted role
 * ({@code ROLE_ADMIN} becomes role {@code admin}, which {@code hawtio.roles} asks for).
 */
public class SpringSecurityLoginModule implements LoginModule {

    private Subject subject;
    private Authentication authentication;
    private final List<Principal> added = new ArrayList<>();

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
                           Map<String, ?> options) {
        this.subject = subject;
    }

    @Override
    public boolean login() throws FailedLoginException {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        if (current == null || !current.isAuthenticated() || current instanceof AnonymousAuthenticationToken) {
            throw new FailedLoginException("not logged in");
        }
        authentication = current;
        return true;
    }

    @Override
    public boolean commit() {
        if (authentication == null) {
            return false;
        }
        added.add(new UserPrincipal(authentication.getName()));
        for (GrantedAuthority granted : authentication.getAuthorities()) {
            String role = granted.getAuthority();
            if (role != null && role.startsWith("ROLE_")) {
                added.add(new RolePrincipal(role.substring(5).toLowerCase(java.util.Locale.ROOT)));
            }
        }
        subject.getPrincipals().addAll(added);
        return true;
    }

    @Override
    public boolean abort() {
        authentication = null;
        added.clear();
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(added);
        added.clear();
        authentication = null;
        return true;
    }
}
