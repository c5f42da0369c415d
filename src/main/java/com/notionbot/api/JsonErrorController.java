package com.notionbot.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Errors raised outside Camel (unknown paths, container errors) in the same JSON contract. */
@RestController
class JsonErrorController implements ErrorController {

    private final org.apache.camel.CamelContext camel;

    JsonErrorController(@org.springframework.context.annotation.Lazy org.apache.camel.CamelContext camel) {
        this.camel = camel;
    }

    @RequestMapping("/error")
    ResponseEntity<String> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        if (status == 404 && !camel.isStarted()) {
            // The web server listens a moment before the Camel routes behind it have started.
            return ResponseEntity.status(503).header("Retry-After", "2").contentType(MediaType.APPLICATION_JSON)
                    .body(ErrorBodies.json("starting", "the gateway is starting; retry in a few seconds", null));
        }
        String errorCode = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "request_error";
        };
        String message = status == 404 ? "no such endpoint; see /openapi.json"
                : HttpStatus.resolve(status) != null ? HttpStatus.resolve(status).getReasonPhrase() : "error";
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(ErrorBodies.json(errorCode, message, null));
    }
}
