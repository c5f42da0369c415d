package com.notionbot.notion.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK HTTP server and the path every request takes: control API requests go straight to
 * {@link ControlApiHandler}; Notion API requests meet the injected faults, then
 * {@link NotionApiHandler}, and are written to the request log. Keep-alive works because every
 * request body is read to the end and every answer has a Content-Length.
 */
final class EmulatorServer implements HttpHandler {

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
        // and delayed ACKs add ~40 ms to every keep-alive answer. Read once, when the first
        // HttpServer of the JVM starts, so an explicit setting elsewhere wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final NotionApiHandler api;
    private final FaultInjector faults;
    private final RequestLog log;
    private volatile ControlApiHandler control;

    EmulatorServer(String host, int port, int threads, NotionApiHandler api, FaultInjector faults, RequestLog log) throws IOException {
        this.api = api;
        this.faults = faults;
        this.log = log;
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, "notion-emulator-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(host, port), 128);
        server.createContext("/", this);
        server.setExecutor(executor);
    }

    void setControl(ControlApiHandler control) {
        this.control = control;
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpCall call = new HttpCall(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
            if (call.path().equals("/_emulator") || call.path().startsWith("/_emulator/")) {
                send(exchange, control.handle(call));
            } else {
                handleNotion(exchange, call);
            }
        } catch (IOException | RuntimeException e) {
            exchange.close();
        }
    }

    private void handleNotion(HttpExchange exchange, HttpCall call) throws IOException {
        long sequence = log.nextSequence();
        Instant receivedAt = Instant.now();
        String requestId = NotionIds.random();
        FaultInjector.Decision decision = faults.decide(call.method(), call.path());
        if (!decision.latency().isZero()) {
            sleep(decision.latency());
        }
        Fault fault = decision.fault();
        HttpCall.Reply reply = null;
        boolean drop = false;
        if (fault != null && fault.kind == Fault.Kind.RESPOND) {
            reply = fault.rawBody != null
                    ? HttpCall.Reply.raw(fault.status, fault.rawContentType, fault.rawBody, null)
                    : HttpCall.Reply.error(fault.error(), requestId);
        } else if (fault != null && fault.kind == Fault.Kind.DROP_CONNECTION) {
            drop = true;
        } else {
            reply = api.handle(call, requestId);
            drop = fault != null && fault.kind == Fault.Kind.DROP_CONNECTION_AFTER_WRITE;
        }
        String authorization = call.header("Authorization");
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        String bodyText = call.bodyText();
        log.add(new RecordedRequest(sequence, receivedAt, call.method(), call.path(), call.query(),
                reply != null ? reply.status() : 0, token, call.header("Notion-Version"),
                bodyText.length() > 65_536 ? bodyText.substring(0, 65_536) : bodyText,
                reply != null ? reply.errorCode() : null, requestId, fault != null && fault.kind != Fault.Kind.LATENCY, drop));
        if (drop) {
            // Close the socket without a status line: the client sees the connection die.
            exchange.close();
            return;
        }
        send(exchange, reply);
    }

    private static void send(HttpExchange exchange, HttpCall.Reply reply) throws IOException {
        for (Map.Entry<String, String> header : reply.headers().entrySet()) {
            exchange.getResponseHeaders().set(header.getKey(), header.getValue());
        }
        byte[] body = reply.body();
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sleep(Duration latency) {
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
