package com.notionbot.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/** Camel step: writes an {@link ApiResponse} as the HTTP answer (status, headers, JSON body). */
@Component("httpResponses")
public class HttpResponses {

    private final ObjectMapper json;

    public HttpResponses(ObjectMapper json) {
        this.json = json;
    }

    public void write(Exchange exchange) throws JsonProcessingException {
        ApiResponse response = exchange.getMessage().getBody(ApiResponse.class);
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
        response.headers().forEach(out::setHeader);
        if (response.body() == null) {
            out.setBody(null);
            return;
        }
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(response.body() instanceof String s ? s : json.writeValueAsString(response.body()));
    }
}
