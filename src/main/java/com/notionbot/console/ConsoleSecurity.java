package com.notionbot.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may see what, in two filter chains.
 *
 * <p><b>Console</b> ({@code /actuator/**} and Spring Security's {@code /login}, {@code /logout}):
 * Hawtio, Jolokia and every actuator endpoint but {@code /actuator/health} need the console login
 * ({@code HAWTIO_USER}/{@code HAWTIO_PASSWORD}), by form login, HTTP Basic, or Hawtio's own login
 * form ({@link HawtioLoginFilter}). Hawtio's login page and static files are open (they hold no
 * data). A browser opening a page is sent to a login page (Hawtio's for Hawtio, Spring Security's
 * for the rest), a page's own fetch gets a plain 401, any other client 401 with
 * {@code WWW-Authenticate: Basic}.
 * Cookie sessions need a CSRF token (Hawtio sends the {@code XSRF-TOKEN} cookie back as a header);
 * requests that carry their own {@code Authorization} header need none.
 *
 * <p><b>Everything else</b> (the task API, {@code /admin}, {@code /health}, {@code /metrics},
 * {@code /openapi.json}, webhooks): open at this level, stateless, no CSRF, no headers added, no
 * request wrapping; the API key filters ({@code ApiGuardFilter}) decide, as before.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class ConsoleSecurity {

    static final String HAWTIO = "/actuator/hawtio";
    /** Parts of Hawtio that hold no data: its page, scripts, images and login endpoints. */
    private static final List<String> HAWTIO_OPEN = List.of(
            "", "/", "/index.html", "/login", "/favicon.ico", "/hawtconfig.json", "/robots.txt", "/*.worker.js",
            "/css/**", "/fonts/**", "/img/**", "/js/**", "/static/**",
            "/auth/login", "/auth/logout", "/auth/config", "/auth/config/**", "/user", "/keycloak/**",
            "/plugin", "/plugin/**", "/preset-connections", "/proxy/enabled");

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    @Bean
    UserDetailsService consoleUsers(ConsoleCredentials credentials) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(credentials.username())
                .password(encoder.encode(credentials.password()))
                .roles("ADMIN")
                .build());
    }

    @Bean
    AuthenticationManager consoleAuthentication(UserDetailsService consoleUsers) {
        return new ProviderManager(new DaoAuthenticationProvider(consoleUsers));
    }

    /** Hawtio's JAAS realm answers with whoever Spring Security authenticated (before Hawtio starts). */
    @Bean
    ServletContextInitializer hawtioRealm(@Value("${hawtio.realm:hawtio}") String realm) {
        return servletContext -> HawtioRealm.install(realm);
    }

    @Bean
    @Order(1)
    SecurityFilterChain consoleChain(HttpSecurity http, AuthenticationManager consoleAuthentication) throws Exception {
        RequestMatcher hawtioLogin = PATHS.matcher(HttpMethod.POST, HAWTIO + "/auth/login");
        RequestMatcher browser = request -> {
            String accept = request.getHeader("Accept");
            String mode = request.getHeader("Sec-Fetch-Mode");
            return accept != null && accept.contains("text/html") && (mode == null || "navigate".equals(mode))
                    && !"XMLHttpRequest".equals(request.getHeader("X-Requested-With"));
        };
        RequestMatcher hawtioPage = request -> browser.matches(request)
                && PATHS.matcher(HAWTIO + "/**").matches(request);
        // fetch() and XMLHttpRequest from a page: a Basic challenge would pop up the browser's own dialog.
        RequestMatcher fromPageScript = request -> {
            String mode = request.getHeader("Sec-Fetch-Mode");
            return (mode != null && !"navigate".equals(mode)) || "XMLHttpRequest".equals(request.getHeader("X-Requested-With"));
        };
        RequestMatcher ownCredentials = request -> StringUtils.hasText(request.getHeader("Authorization"));

        BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
        basic.setRealmName("notion-bot console");

        HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
        requestCache.setRequestMatcher(request -> "GET".equals(request.getMethod()) && browser.matches(request));

        List<RequestMatcher> open = new java.util.ArrayList<>();
        HAWTIO_OPEN.forEach(p -> open.add(PATHS.matcher(HAWTIO + p)));

        http.securityMatcher(new OrRequestMatcher(PATHS.matcher("/actuator"), PATHS.matcher("/actuator/**"),
                        PATHS.matcher("/login"), PATHS.matcher("/logout"), PATHS.matcher("/default-ui.css")))
                .authenticationManager(consoleAuthentication)
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(PATHS.matcher("/actuator/health"), PATHS.matcher("/actuator/health/**")).permitAll()
                        .requestMatchers(new OrRequestMatcher(open)).permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.defaultSuccessUrl(HAWTIO + "/").permitAll())
                .httpBasic(basicAuth -> basicAuth.authenticationEntryPoint(basic))
                .exceptionHandling(exceptions -> exceptions
                        // Checked in this order; the form login and Basic add theirs after these, never reached.
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(HAWTIO + "/login"), hawtioPage)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), browser)
                        .defaultAuthenticationEntryPointFor((request, response, e) -> response.sendError(401), fromPageScript)
                        .defaultAuthenticationEntryPointFor(basic, AnyRequestMatcher.INSTANCE))
                .requestCache(cache -> cache.requestCache(requestCache))
                .csrf(csrf -> csrf
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new SpaCsrfTokenRequestHandler())
                        .ignoringRequestMatchers(hawtioLogin, ownCredentials))
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class)
                .addFilterBefore(new HawtioLoginFilter(hawtioLogin, consoleAuthentication),
                        UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .headers(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .securityContext(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .anonymous(AbstractHttpConfigurer::disable)
                .servletApi(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable);
        return http.build();
    }

    /**
     * Accepts the token as Hawtio sends it (the cookie's value in {@code X-XSRF-TOKEN}) and as
     * Spring Security's own login page sends it (masked, in a form field).
     */
    static final class SpaCsrfTokenRequestHandler implements CsrfTokenRequestHandler {

        private final CsrfTokenRequestHandler plain = new CsrfTokenRequestAttributeHandler();
        private final CsrfTokenRequestHandler masked = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
            masked.handle(request, response, token);
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            return StringUtils.hasText(request.getHeader(token.getHeaderName()))
                    ? plain.resolveCsrfTokenValue(request, token)
                    : masked.resolveCsrfTokenValue(request, token);
        }
    }

    /** Sends the CSRF cookie with every console answer, so Hawtio has it before its first POST. */
    static final class CsrfCookieFilter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Object token = request.getAttribute(CsrfToken.class.getName());
            if (token instanceof CsrfToken csrf) {
                csrf.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
