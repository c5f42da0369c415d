# notion-bot gateway image: a Maven + JDK 17 build stage, then a JRE 17 runtime stage.
# Build:  docker-compose build api        (or: docker build -t notion-bot .)
# Run:    docker-compose up -d            (the API answers on :8000, /health and /metrics)

# ---- build: resolve dependencies in their own layer, so a source change does not re-download them
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY src ./src
# routes/*.camel.yaml ship inside the jar (pom.xml resource with targetPath routes)
COPY routes ./routes
RUN mvn -B -q package -DskipTests \
    && cp target/notion-bot.jar /build/notion-bot.jar

# ---- runtime: JRE only, non-root, data under a volume
FROM eclipse-temurin:17-jre-jammy AS runtime

# curl answers the HEALTHCHECK; nothing else is added to the JRE image.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 notionbot \
    && useradd --system --uid 10001 --gid notionbot --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin notionbot \
    && mkdir -p /app/data \
    && chown -R notionbot:notionbot /app

WORKDIR /app
COPY --from=build --chown=notionbot:notionbot /build/notion-bot.jar /app/notion-bot.jar

# DATA_DIR holds the embedded MongoDB files when MONGODB_URI is unset; keep it on a volume.
# JDK_JAVA_OPTIONS reaches only the java launcher (not jcmd/jstack run inside the container).
ENV DATA_DIR=/app/data \
    LOG_FORMAT=json \
    JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/app/data"]

USER notionbot:notionbot
EXPOSE 8000

# /health: 200 when healthy or degraded, 503 when unhealthy. Spring Boot + Camel need a while to start.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD curl -fsS -o /dev/null http://localhost:8000/health || exit 1

# Exec form: java is PID 1 and receives SIGTERM for a graceful shutdown.
ENTRYPOINT ["java", "-jar", "/app/notion-bot.jar"]
