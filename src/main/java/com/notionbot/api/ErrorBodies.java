package com.notionbot.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.MongoException;
import com.mongodb.MongoTimeoutException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns a refused request or a failure into the error contract: a status code and
 * {@code {"error":{"code","message","field"}}}. Never a stack trace.
 */
@Component("errorBodies")
public class ErrorBodies {

    private static final Logger log = LoggerFactory.getLogger(ErrorBodies.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JSON text for one error. */
    public static String json(String code, String message, String field) {
        ObjectNode error = JSON.createObjectNode();
        error.put("code", code);
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        } else {
            error.putNull("field");
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("error", error);
        return body.toString();
    }

    /** Camel step: renders the exception caught on this exchange as the HTTP answer. */
    public void render(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiException error = classify(failure);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (error.status() == 503) {
            exchange.getMessage().setHeader("Retry-After", "5");
        }
        exchange.getMessage().setBody(json(error.code(), error.getMessage(), error.field()));
    }

    static ApiException classify(Throwable failure) {
        Throwable t = failure;
        while (t != null) {
            if (t instanceof ApiException api) {
                return api;
            }
            if (t instanceof MongoTimeoutException || (t instanceof MongoException && isConnectionProblem(t))) {
                log.warn("database unavailable: {}", t.getMessage());
                return new ApiException(503, "database_unavailable", "The task store is unavailable; retry later");
            }
            t = t.getCause();
        }
        log.error("unexpected failure while handling a request", failure);
        return new ApiException(500, "internal_error", "Unexpected error; it has been logged");
    }

    private static boolean isConnectionProblem(Throwable t) {
        return t.getClass().getSimpleName().contains("Socket") || t.getClass().getSimpleName().contains("Timeout");
    }
}
