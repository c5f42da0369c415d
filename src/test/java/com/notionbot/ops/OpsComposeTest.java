package com.notionbot.ops;

import static com.notionbot.ops.OpsYaml.list;
import static com.notionbot.ops.OpsYaml.map;
import static com.notionbot.ops.OpsYaml.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docker-compose.yml, as docker-compose itself validates and renders it ({@code config}): no
 * Docker engine is needed for that. Assertions read the rendered form, so YAML anchors and
 * merges are resolved the way Compose resolves them.
 */
class OpsComposeTest {

    /** The gateway's environment variables, from the application's configuration contract. */
    static final List<String> GATEWAY_ENVIRONMENT = List.of(
            "MONGODB_URI", "DATA_DIR", "NOTION_API_KEY", "NOTION_DATABASE_ID", "NOTION_API_BASE_URL",
            "NOTION_VERSION", "NOTION_RATE_LIMIT_RPS", "API_KEY", "ADMIN_API_KEY", "HAWTIO_USER",
            "HAWTIO_PASSWORD", "ENCRYPTION_KEY", "LOG_FORMAT");

    static final String REPLICA_SET_URI = "mongodb://mongodb:27017/notion_bot?replicaSet=rs0";

    private final Path root = ExternalTool.repoRoot();

    @ParameterizedTest(name = "profile {0}")
    @ValueSource(strings = {"", "monitoring", "scale"})
    void composeFileIsValid(String profile) {
        ExternalTool.Result result = compose(profile, Map.of(), "config", "-q");
        assertThat(result.succeeded()).as(result.describe()).isTrue();
    }

    @Test
    void profilesAddMonitoringAndScaleServicesOnTopOfApiAndMongodb() {
        assertThat(activeServices(render("", Map.of()), "")).containsExactlyInAnyOrder("api", "mongodb");
        assertThat(activeServices(render("monitoring", Map.of()), "monitoring"))
                .containsExactlyInAnyOrder("api", "mongodb", "prometheus", "grafana");
        assertThat(activeServices(render("scale", Map.of()), "scale"))
                .containsExactlyInAnyOrder("api", "mongodb", "api-2", "nginx");
    }

    @Test
    void apiIsBuiltHereAndServesPort8000WithHealthcheckAndRestartPolicy() {
        Map<String, Object> api = service(render("", Map.of()), "api");
        assertThat(string(api, "container_name")).isEqualTo("notion-bot-api");
        Map<String, Object> build = map(api, "build");
        assertThat(Path.of(string(build, "context")).toAbsolutePath().normalize()).isEqualTo(root);
        assertThat(build.getOrDefault("dockerfile", "Dockerfile")).isEqualTo("Dockerfile");
        assertThat(publishedPorts(api)).containsEntry(8000, 8000);
        assertThat(healthcheckCommand(api)).contains("/health").containsAnyOf("curl", "wget");
        assertThat(string(api, "restart")).isIn("always", "unless-stopped", "on-failure");
        Map<String, Object> mongodb = map(map(api, "depends_on"), "mongodb");
        assertThat(string(mongodb, "condition")).isEqualTo("service_healthy");
        assertThat(mounts(api)).containsEntry("/app/data", "volume:api-data");
    }

    @Test
    void apiTalksToTheReplicaSetAndPassesEveryGatewayVariableThrough() {
        Map<String, String> shell = new LinkedHashMap<>();
        for (String name : GATEWAY_ENVIRONMENT) {
            shell.put(name, "from-shell-" + name.toLowerCase());
        }
        Map<String, Object> environment = map(service(render("", shell), "api"), "environment");
        assertThat(environment.keySet()).containsAll(GATEWAY_ENVIRONMENT);
        for (String name : GATEWAY_ENVIRONMENT) {
            Object value = environment.get(name);
            switch (name) {
                case "MONGODB_URI" -> assertThat(value).as(name + " is fixed to the compose MongoDB").isEqualTo(REPLICA_SET_URI);
                case "DATA_DIR" -> assertThat(value).as(name + " is the image's volume").isEqualTo("/app/data");
                default -> assertThat(value).as(name + " comes from the shell or .env").isEqualTo("from-shell-" + name.toLowerCase());
            }
        }
    }

    @Test
    void unsetVariablesStayUnsetInsteadOfBecomingEmptyStrings() {
        // An empty string counts as "set" for Spring's ${VAR:default}: the gateway would read ""
        // instead of its default. Compose must leave unset variables out (v1 renders them as null).
        Map<String, Object> environment = map(service(render("", Map.of()), "api"), "environment");
        for (String name : GATEWAY_ENVIRONMENT) {
            assertThat(environment.get(name)).as(name).isNotEqualTo("");
        }
        assertThat(environment.get("MONGODB_URI")).isEqualTo(REPLICA_SET_URI);
        assertThat(environment.get("LOG_FORMAT")).isEqualTo("json");
    }

    @Test
    void mongodbIsASingleNodeReplicaSetWithHealthcheckDataVolumeAndBackupMount() {
        Map<String, Object> config = render("", Map.of());
        Map<String, Object> mongodb = service(config, "mongodb");
        assertThat(string(mongodb, "container_name")).isEqualTo("notion-bot-mongodb");
        assertThat(string(mongodb, "image")).isEqualTo("mongo:7");
        assertThat(String.join(" ", strings(mongodb.get("command")))).contains("--replSet rs0").contains("--bind_ip_all");
        String health = healthcheckCommand(mongodb);
        assertThat(health).contains("mongosh", "db.adminCommand('ping')", "rs.initiate(", "_id: 'rs0'", "host: 'mongodb:27017'");
        assertThat(mounts(mongodb)).containsEntry("/data/db", "volume:mongodb-data").containsKey("/data/backup");
        assertThat(string(mongodb, "restart")).isIn("always", "unless-stopped", "on-failure");
    }

    @Test
    void namedVolumesAreDeclaredAndContainerNamesAreUnique() {
        Map<String, Object> config = render("scale", Map.of());
        Set<String> declared = map(config, "volumes").keySet();
        assertThat(declared).contains("mongodb-data", "api-data");
        List<String> names = new ArrayList<>();
        for (String service : map(config, "services").keySet()) {
            Map<String, Object> definition = service(config, service);
            names.add(string(definition, "container_name"));
            mounts(definition).values().stream().filter(source -> source.startsWith("volume:"))
                    .forEach(source -> assertThat(declared).as(service + " volume").contains(source.substring(7)));
        }
        assertThat(names).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void scaleProfileRunsASecondApiBehindNginxOnPort8080() {
        Map<String, Object> config = render("scale", Map.of());
        Map<String, Object> api = service(config, "api");
        Map<String, Object> api2 = service(config, "api-2");
        assertThat(string(api2, "container_name")).isNotEqualTo(string(api, "container_name"));
        assertThat(api2.get("build")).isEqualTo(api.get("build"));
        assertThat(map(api2, "environment").get("MONGODB_URI")).isEqualTo(REPLICA_SET_URI);
        assertThat(healthcheckCommand(api2)).contains("/health");
        assertThat(publishedPorts(api2)).as("api-2 is reached through nginx only").isEmpty();
        // Leader election is a lease in the shared MongoDB: each replica needs its own member id,
        // and no shared directory.
        assertThat(map(api2, "environment").get("CLUSTER_MEMBER_ID")).isNotNull()
                .isNotEqualTo(map(api, "environment").get("CLUSTER_MEMBER_ID"));
        assertThat(mounts(api2)).doesNotContainKey("/app/cluster");

        Map<String, Object> nginx = service(config, "nginx");
        assertThat(publishedPorts(nginx)).containsEntry(8080, 8080);
        assertThat(mounts(nginx)).containsEntry("/etc/nginx/nginx.conf", "bind:" + root.resolve("ops/nginx/nginx.conf"));
        assertThat(map(nginx, "depends_on").keySet()).contains("api", "api-2");
        assertThat(healthcheckCommand(nginx)).isNotBlank();
    }

    @Test
    void monitoringProfileMountsThePrometheusAndGrafanaFilesWhereTheyAreRead() {
        Map<String, Object> config = render("monitoring", Map.of());
        Map<String, Object> prometheus = service(config, "prometheus");
        assertThat(string(prometheus, "image")).startsWith("prom/prometheus");
        assertThat(mounts(prometheus)).containsEntry("/etc/prometheus", "bind:" + root.resolve("ops/prometheus"));
        assertThat(strings(prometheus.get("command"))).contains("--config.file=/etc/prometheus/prometheus.yml");

        Map<String, Object> grafana = service(config, "grafana");
        assertThat(string(grafana, "image")).startsWith("grafana/grafana");
        assertThat(mounts(grafana))
                .containsEntry("/etc/grafana/provisioning", "bind:" + root.resolve("ops/grafana/provisioning"))
                .containsEntry("/etc/grafana/dashboards", "bind:" + root.resolve("ops/grafana/dashboards"));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private ExternalTool.Result compose(String profile, Map<String, String> shell, String... args) {
        Path dockerCompose = ExternalTool.require("docker-compose");
        List<Object> command = new ArrayList<>(List.of(dockerCompose, "-f", root.resolve("docker-compose.yml")));
        if (!profile.isEmpty()) {
            command.add("--profile");
            command.add(profile);
        }
        command.addAll(List.of(args));
        // A clean environment, so the developer's own NOTION_API_KEY etc. cannot change the result.
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("HOME", System.getProperty("java.io.tmpdir"));
        environment.put("LANG", "C.UTF-8");
        environment.putAll(shell);
        return ExternalTool.command(command.toArray()).cleanEnvironment(environment).run();
    }

    /** `docker-compose config` output, parsed; rendered once per profile and environment (each call takes a second). */
    private Map<String, Object> render(String profile, Map<String, String> shell) {
        return RENDERED.computeIfAbsent(profile + "|" + new TreeMap<>(shell), key -> {
            ExternalTool.Result result = compose(profile, shell, "config");
            assertThat(result.succeeded()).as(result.describe()).isTrue();
            return map(OpsYaml.parse(result.output()), "docker-compose config output");
        });
    }

    private static final Map<String, Map<String, Object>> RENDERED = new ConcurrentHashMap<>();

    /** Services that `up` would start with this profile (docker-compose v1 renders them all). */
    private static Set<String> activeServices(Map<String, Object> config, String profile) {
        Set<String> active = new TreeSet<>();
        map(config, "services").forEach((name, definition) -> {
            Object profiles = map(definition, name).get("profiles");
            if (profiles == null || strings(profiles).contains(profile)) {
                active.add(name);
            }
        });
        return active;
    }

    private static Map<String, Object> service(Map<String, Object> config, String name) {
        return map(map(config, "services").get(name), "service " + name);
    }

    private static String healthcheckCommand(Map<String, Object> service) {
        Map<String, Object> healthcheck = map(service.get("healthcheck"), "healthcheck");
        assertThat(healthcheck.get("disable")).isNotEqualTo(true);
        return String.join(" ", strings(healthcheck.get("test")));
    }

    /** container port -> host port, for both the short ("8000:8000") and the long syntax. */
    private static Map<Integer, Integer> publishedPorts(Map<String, Object> service) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        Object declared = service.get("ports");
        if (declared == null) {
            return ports;
        }
        for (Object port : list(declared, "ports")) {
            if (port instanceof Map<?, ?> longForm) {
                ports.put(Integer.valueOf(String.valueOf(longForm.get("target"))),
                        Integer.valueOf(String.valueOf(longForm.get("published"))));
            } else {
                String[] parts = String.valueOf(port).split(":");
                ports.put(Integer.valueOf(parts[parts.length - 1].replaceAll("/.*", "")),
                        Integer.valueOf(parts[parts.length - 2]));
            }
        }
        return ports;
    }

    /** container path -> "volume:NAME" or "bind:/abs/path", for both compose v1 and v2 renderings. */
    private static Map<String, String> mounts(Map<String, Object> service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        Object declared = service.get("volumes");
        if (declared == null) {
            return mounts;
        }
        for (Object volume : list(declared, "volumes")) {
            String source;
            String target;
            if (volume instanceof Map<?, ?> longForm) {
                source = String.valueOf(longForm.get("source"));
                target = String.valueOf(longForm.get("target"));
                source = ("bind".equals(longForm.get("type")) ? "bind:" : "volume:") + source;
            } else {
                String[] parts = String.valueOf(volume).split(":");
                source = parts[0];
                target = parts[1];
                source = (source.startsWith("/") || source.startsWith(".") ? "bind:" : "volume:") + source;
            }
            mounts.put(target, source);
        }
        return mounts;
    }

    private static List<String> strings(Object node) {
        List<String> values = new ArrayList<>();
        if (node instanceof List<?> items) {
            items.forEach(item -> values.add(String.valueOf(item)));
        } else if (node != null) {
            values.add(String.valueOf(node));
        }
        return values;
    }
}
