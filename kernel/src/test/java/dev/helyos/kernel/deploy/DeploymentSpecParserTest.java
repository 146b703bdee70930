package dev.helyos.kernel.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.api.ApiException;
import dev.helyos.kernel.errors.Refused;
import dev.helyos.kernel.deploy.DeploymentSpec.BindMount;
import dev.helyos.kernel.deploy.DeploymentSpec.Healthcheck;
import dev.helyos.kernel.deploy.DeploymentSpec.NamedVolume;
import dev.helyos.kernel.deploy.DeploymentSpec.Network;
import dev.helyos.kernel.deploy.DeploymentSpec.Resources;
import dev.helyos.kernel.deploy.DeploymentSpec.Restart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeploymentSpecParserTest {
    /** The example of the product page (automatic-tls.md). */
    static final String PRODUCT_PAGE = """
            project: shop
            deployment:
              name: api
            replicas: 3
            image: ghcr.io/company/api:latest
            ports:
              - 3000
            network:
              public: true
              domain: api.example.com
              https: true
            """;

    static final String BASE = "project: shop\ndeployment:\n  name: api\nimage: nginx:1.27\n";

    static final String FULL = """
            project: shop
            deployment:
              name: api
            image: registry.example.com:5000/company/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            replicas: 2
            ports: [3000, 9090]
            env:
              PORT: 3000
              DEBUG: false
              GREETING: "hello: world"
              EMPTY: ""
            volumes:
              - name: data
                mount: /var/lib/data
              - path: /srv/static
                mount: /usr/share/static
                readonly: true
            secrets: [DATABASE_URL, api_key]
            network:
              domain: internal.example.com
            healthcheck:
              path: /health?deep=1
              interval: 2m
              timeout: 1500ms
              retries: 5
            restart: onfailure
            resources:
              memory: 1024M
              cpu: 0.5
            """;

    @Test
    void theProductPageExampleParses() {
        DeploymentSpec spec = DeploymentSpecParser.parse(PRODUCT_PAGE);
        assertEquals("shop", spec.project());
        assertEquals("api", spec.deployment());
        assertEquals("ghcr.io/company/api:latest", spec.image());
        assertEquals(3, spec.replicas());
        assertEquals(List.of(3000), spec.ports());
        assertEquals(new Network(true, "api.example.com", true), spec.network());
    }

    @Test
    void theReadmeExampleParses() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("user.dir")).resolveSibling("README.md"));
        String section = readme.substring(readme.indexOf("## Deployment spec"));
        String yaml = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```\n", section.indexOf("```yaml\n") + 8));
        DeploymentSpec spec = DeploymentSpecParser.parse(yaml);
        assertEquals(new Healthcheck("/health", Duration.ofSeconds(10), Duration.ofSeconds(5), 3), spec.healthcheck());
        assertEquals(2, spec.volumes().size());
        assertEquals(new Resources(512L << 20, 0.5), spec.resources());
    }

    @Test
    void theSameSpecInJsonParsesEqual() {
        String json = """
                {"project": "shop", "deployment": {"name": "api"}, "replicas": 3,
                 "image": "ghcr.io/company/api:latest", "ports": [3000],
                 "network": {"public": true, "domain": "api.example.com", "https": true}}
                """;
        assertEquals(DeploymentSpecParser.parse(PRODUCT_PAGE), DeploymentSpecParser.parse(json));
        assertEquals(DeploymentSpecParser.parse(PRODUCT_PAGE), DeploymentSpecParser.parse(json, "application/json; charset=utf-8"));
        assertEquals(DeploymentSpecParser.parse(PRODUCT_PAGE), DeploymentSpecParser.parse(PRODUCT_PAGE, "application/yaml"));
    }

    @Test
    void defaultsAreApplied() {
        DeploymentSpec spec = DeploymentSpecParser.parse(BASE);
        assertEquals(1, spec.replicas());
        assertEquals(List.of(), spec.ports());
        assertEquals(Map.of(), spec.env());
        assertEquals(List.of(), spec.volumes());
        assertEquals(List.of(), spec.secrets());
        assertEquals(new Network(false, null, false), spec.network());
        assertNull(spec.healthcheck());
        assertEquals(Restart.ALWAYS, spec.restart());
        assertEquals(Resources.NONE, spec.resources());

        Healthcheck check = DeploymentSpecParser.parse(BASE + "healthcheck:\n  path: /health\n").healthcheck();
        assertEquals(new Healthcheck("/health", Duration.ofSeconds(10), Duration.ofSeconds(5), 3), check);
        Healthcheck fast = DeploymentSpecParser.parse(BASE + "healthcheck: {path: /, interval: 2s}").healthcheck();
        assertEquals(Duration.ofSeconds(2), fast.timeout(), "an unset timeout shrinks to a shorter interval");
    }

    @Test
    void everyFieldIsReadIntoTheRecords() {
        DeploymentSpec spec = DeploymentSpecParser.parse(FULL);
        assertEquals(List.of(3000, 9090), spec.ports());
        assertEquals(Map.of("PORT", "3000", "DEBUG", "false", "GREETING", "hello: world", "EMPTY", ""), spec.env());
        assertEquals(List.of("DEBUG", "EMPTY", "GREETING", "PORT"), List.copyOf(spec.env().keySet()), "sorted");
        assertEquals(List.of(new NamedVolume("data", "/var/lib/data", false), new BindMount("/srv/static", "/usr/share/static", true)),
                spec.volumes());
        assertEquals(List.of("DATABASE_URL", "api_key"), spec.secrets());
        assertEquals(new Network(false, "internal.example.com", false), spec.network());
        assertEquals(new Healthcheck("/health?deep=1", Duration.ofMinutes(2), Duration.ofMillis(1500), 5), spec.healthcheck());
        assertEquals(Restart.ON_FAILURE, spec.restart());
        assertEquals(new Resources(1L << 30, 0.5), spec.resources());
    }

    @Test
    void canonicalJsonRoundTripsAndIsStable() {
        for (String text : List.of(PRODUCT_PAGE, BASE, FULL)) {
            DeploymentSpec spec = DeploymentSpecParser.parse(text);
            String json = spec.toJson();
            assertEquals(spec, DeploymentSpecParser.parse(json), json);
            assertEquals(json, DeploymentSpecParser.parse(json).toJson());
        }
        assertEquals("""
                {"project":"shop","deployment":{"name":"api"},"image":"ghcr.io/company/api:latest","replicas":3,\
                "ports":[3000],"env":{},"volumes":[],"secrets":[],\
                "network":{"public":true,"domain":"api.example.com","https":true},"healthcheck":null,\
                "restart":"always","resources":{"memory":null,"cpu":null}}""", DeploymentSpecParser.parse(PRODUCT_PAGE).toJson());
        assertTrue(DeploymentSpecParser.parse(FULL).toJson().contains(
                "\"healthcheck\":{\"path\":\"/health?deep=1\",\"interval\":\"2m\",\"timeout\":\"1500ms\",\"retries\":5}"));
        assertTrue(DeploymentSpecParser.parse(FULL).toJson().contains("\"resources\":{\"memory\":\"1g\",\"cpu\":0.5}"));
    }

    @Test
    void aNodeIsReadAndWrittenOnlyWhenSet() throws Exception {
        assertNull(DeploymentSpecParser.parse(BASE).node());
        assertTrue(!DeploymentSpecParser.parse(BASE).toJson().contains("node"), "specs without a node keep their stored text");
        DeploymentSpec placed = DeploymentSpecParser.parse(BASE + "node: edge-2.example\n");
        assertEquals("edge-2.example", placed.node());
        assertEquals(placed, DeploymentSpecParser.parse(placed.toJson()));
        assertTrue(placed.toJson().endsWith(",\"node\":\"edge-2.example\"}"), placed.toJson());
        var canonical = dev.helyos.kernel.config.Json.mapper().readTree(placed.toJson());
        var unplaced = dev.helyos.kernel.config.Json.mapper().readTree(DeploymentSpecParser.parse(BASE).toJson());
        assertEquals(DeploymentRecord.template(unplaced), DeploymentRecord.template(canonical),
                "the node is not part of the pod template: moving a deployment does not change its pods' spec hash");
    }

    @Test
    void specsThatMeanTheSameGiveTheSameJsonAndAChangeShows() {
        String explicit = BASE + "replicas: 1\nrestart: always\nenv: {B: '2', A: '1'}\nhealthcheck: {path: /h, interval: 60s, timeout: 5000ms}\n";
        String implicit = BASE + "env: {A: '1', B: '2'}\nhealthcheck: {path: /h, interval: 1m}\n";
        assertEquals(DeploymentSpecParser.parse(explicit).toJson(), DeploymentSpecParser.parse(implicit).toJson());
        assertNotEquals(DeploymentSpecParser.parse(BASE).toJson(), DeploymentSpecParser.parse(BASE + "replicas: 2").toJson());
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                // required fields and names
                Arguments.of("deployment: {name: api}\nimage: nginx", 422, "project is required"),
                Arguments.of("project: shop\nimage: nginx", 422, "deployment.name is required"),
                Arguments.of("project: shop\ndeployment: {name: api}", 422, "image is required"),
                Arguments.of("project: ''\ndeployment: {name: api}\nimage: nginx", 422, "project is required"),
                Arguments.of("project: Shop\ndeployment: {name: api}\nimage: nginx", 422,
                        "project must be DNS-safe: start with [a-z0-9], then [a-z0-9-] only (got 'Shop')"),
                Arguments.of("project: \"sh\\top\"\ndeployment: {name: api}\nimage: nginx", 422,
                        "project must be DNS-safe: start with [a-z0-9], then [a-z0-9-] only (got 'sh\\top')"),
                Arguments.of("project: shop\ndeployment: {name: \"a'b\"}\nimage: nginx", 422,
                        "deployment.name must be DNS-safe: start with [a-z0-9], then [a-z0-9-] only (got 'a'b')"),
                Arguments.of("project: -shop\ndeployment: {name: api}\nimage: nginx", 422,
                        "project must be DNS-safe: start with [a-z0-9], then [a-z0-9-] only (got '-shop')"),
                Arguments.of("project: " + "a".repeat(64) + "\ndeployment: {name: api}\nimage: nginx", 422,
                        "project must be at most 63 characters (got 64)"),
                Arguments.of("project: shop\ndeployment: api\nimage: nginx", 422, "deployment must be an object, got a string"),
                Arguments.of("project: shop\ndeployment: {name: api}\nimage: nginx latest", 422,
                        "image must be an image reference like nginx:1.27 or ghcr.io/org/app@sha256:<digest> (got 'nginx latest')"),
                Arguments.of("project: shop\ndeployment: {name: api}\nimage: Nginx", 422,
                        "image must be an image reference like nginx:1.27 or ghcr.io/org/app@sha256:<digest> (got 'Nginx')"),
                // replicas
                Arguments.of(BASE + "replicas: 0", 422, "replicas must be at least 1"),
                Arguments.of(BASE + "replicas: -3", 422, "replicas must be at least 1"),
                Arguments.of(BASE + "replicas: 101", 422, "replicas must be at most 100, got 101"),
                Arguments.of(BASE + "replicas: 99999999999999999999", 422, "replicas must be at most 100, got 99999999999999999999"),
                Arguments.of(BASE + "replicas: -99999999999999999999", 422, "replicas must be at least 1"),
                Arguments.of(BASE + "replicas: '3'", 422, "replicas must be an integer, got a string"),
                Arguments.of(BASE + "replicas: 1.5", 422, "replicas must be an integer, got a fractional number"),
                // ports
                Arguments.of(BASE + "ports: [80, 0]", 422, "ports[1]: port must be between 1 and 65535, got 0"),
                Arguments.of(BASE + "ports: [65536]", 422, "ports[0]: port must be between 1 and 65535, got 65536"),
                Arguments.of(BASE + "ports: [4294967376]", 422, "ports[0]: port must be between 1 and 65535, got 4294967376"),
                Arguments.of(BASE + "ports: [80, 443, 80]", 422, "ports[2] repeats port 80 (already ports[0])"),
                Arguments.of(BASE + "ports: ['80']", 422, "ports[0] must be an integer, got a string"),
                Arguments.of(BASE + "ports: 80", 422, "ports must be a list, got an integer"),
                Arguments.of(BASE + "ports: {http: 80}", 422, "ports must be a list, got an object"),
                // env
                Arguments.of(BASE + "env: {1BAD: x}", 422,
                        "env keys must be variable names: start with [A-Za-z_], then [A-Za-z0-9_] only, at most 255 characters (got '1BAD')"),
                Arguments.of(BASE + "env: {'MY-VAR': x}", 422,
                        "env keys must be variable names: start with [A-Za-z_], then [A-Za-z0-9_] only, at most 255 characters (got 'MY-VAR')"),
                Arguments.of(BASE + "env: {A: [1, 2]}", 422, "env.A must be a string, got a list"),
                Arguments.of(BASE + "env: {A: ~}", 422, "env.A must be a string, got null (use \"\" for an empty value)"),
                Arguments.of(BASE + "env: {VERSION: 1.10}", 422,
                        "env.VERSION must be a string, got a fractional number (quote it to keep it as written)"),
                Arguments.of(BASE + "env: {MODE: 0755}", 422,
                        "env.MODE: YAML reads 0755 as a number; quote it for a string, or write a plain decimal number"),
                Arguments.of(BASE + "env: {DEBUG: yes}", 422,
                        "env.DEBUG: YAML reads yes as a boolean; quote it for a string, or write true or false"),
                Arguments.of(BASE + "env: [A=1]", 422, "env must be an object, got a list"),
                // volumes
                Arguments.of(BASE + "volumes: [{mount: /data}]", 422,
                        "volumes[0] needs either name (a named volume) or path (a bind mount of a host directory)"),
                Arguments.of(BASE + "volumes: [{name: data, path: /srv, mount: /data}]", 422,
                        "volumes[0] must have either name (a named volume) or path (a bind mount), not both"),
                Arguments.of(BASE + "volumes: [{name: data}]", 422, "volumes[0].mount is required"),
                Arguments.of(BASE + "volumes: [{name: data, mount: data}]", 422,
                        "volumes[0].mount must be an absolute path starting with / (got 'data')"),
                Arguments.of(BASE + "volumes: [{name: data, mount: /}]", 422, "volumes[0].mount must not be / (the container's root)"),
                Arguments.of(BASE + "volumes: [{name: Data, mount: /data}]", 422,
                        "volumes[0].name must be DNS-safe: start with [a-z0-9], then [a-z0-9-] only (got 'Data')"),
                Arguments.of(BASE + "volumes: [{path: ../../etc, mount: /data}]", 422,
                        "volumes[0].path must be an absolute path starting with / (got '../../etc')"),
                Arguments.of(BASE + "volumes: [{path: /srv/../../etc, mount: /data}]", 422,
                        "volumes[0].path must be a normalized path without '.', '..' or empty segments (got '/srv/../../etc')"),
                Arguments.of(BASE + "volumes: [{path: /srv/./x, mount: /data}]", 422,
                        "volumes[0].path must be a normalized path without '.', '..' or empty segments (got '/srv/./x')"),
                Arguments.of(BASE + "volumes: [{path: /srv, mount: /data/..}]", 422,
                        "volumes[0].mount must be a normalized path without '.', '..' or empty segments (got '/data/..')"),
                Arguments.of(BASE + "volumes: [{path: '/srv:/etc', mount: /data}]", 422,
                        "volumes[0].path must not contain ':', ',' or control characters (got '/srv:/etc')"),
                Arguments.of(BASE + "volumes: [{path: /srv, mount: /data}, {name: d, mount: /data}]", 422,
                        "volumes[1].mount repeats '/data' (already volumes[0].mount)"),
                Arguments.of(BASE + "volumes: [{path: /srv, mount: /data, readonly: 'yes'}]", 422,
                        "volumes[0].readonly must be a boolean, got a string"),
                Arguments.of(BASE + "volumes: [{path: /srv, mount: /data, ro: true}]", 400,
                        "unknown field 'volumes[0].ro' (allowed: mount, name, path, readonly)"),
                Arguments.of(BASE + "volumes: [/srv:/data]", 422, "volumes[0] must be an object, got a string"),
                // secrets
                Arguments.of(BASE + "secrets: [db-url]", 422,
                        "secrets[0] must be a secret name: start with [A-Za-z_], then [A-Za-z0-9_] only, at most 63 characters (got 'db-url')"),
                Arguments.of(BASE + "secrets: [DB, DB]", 422, "secrets[1] repeats secret 'DB' (already secrets[0])"),
                Arguments.of(BASE + "secrets: ['']", 422, "secrets[0] is required"),
                // network
                Arguments.of(BASE + "network: {public: true}", 422, "network.domain is required when network.public is true"),
                Arguments.of(BASE + "network: {https: true}", 422, "network.domain is required when network.https is true"),
                Arguments.of(BASE + "network: {https: true, domain: a.example.com}", 422,
                        "network.public must be true when network.https is true (HTTPS is for public routes)"),
                Arguments.of(BASE + "network: {domain: 'a.example.com;} server {'}", 422,
                        "network.domain must be a domain name like app.example.com: ';' is not allowed (got 'a.example.com;} server {')"),
                Arguments.of(BASE + "network: {domain: '*.example.com'}", 422,
                        "network.domain must be a domain name like app.example.com: a wildcard ('*') is not allowed (got '*.example.com')"),
                Arguments.of(BASE + "network: {domain: 'example.com:8080'}", 422,
                        "network.domain must be a domain name like app.example.com: a port (':') is not allowed (got 'example.com:8080')"),
                Arguments.of(BASE + "network: {domain: 'https://example.com/x'}", 422,
                        "network.domain must be a domain name like app.example.com: a port (':') is not allowed (got 'https://example.com/x')"),
                Arguments.of(BASE + "network: {domain: 'example .com'}", 422,
                        "network.domain must be a domain name like app.example.com: whitespace is not allowed (got 'example .com')"),
                Arguments.of(BASE + "network: {domain: 'a\"b.com'}", 422,
                        "network.domain must be a domain name like app.example.com: '\"' is not allowed (got 'a\"b.com')"),
                Arguments.of(BASE + "network: {public: 1}", 422, "network.public must be a boolean, got an integer"),
                Arguments.of(BASE + "network: {public: on}", 422,
                        "network.public: YAML reads on as a boolean; quote it for a string, or write true or false"),
                Arguments.of(BASE + "network: {domian: a.example.com}", 400, "unknown field 'network.domian' (allowed: domain, https, public)"),
                // healthcheck
                Arguments.of(BASE + "healthcheck: {interval: 10s}", 422, "healthcheck.path is required"),
                Arguments.of(BASE + "healthcheck: {path: health}", 422, "healthcheck.path must start with / (got 'health')"),
                Arguments.of(BASE + "healthcheck: {path: '/a b'}", 422,
                        "healthcheck.path must be a URL path without whitespace or control characters, at most 2048 characters"),
                Arguments.of(BASE + "healthcheck: {path: /, interval: 10 s}", 422,
                        "healthcheck.interval must be a duration like 500ms, 10s, 5m or 2h; a bare number is seconds (got '10 s')"),
                Arguments.of(BASE + "healthcheck: {path: /, interval: 1.5s}", 422,
                        "healthcheck.interval must be a duration like 500ms, 10s, 5m or 2h; a bare number is seconds (got '1.5s')"),
                Arguments.of(BASE + "healthcheck: {path: /, interval: 1.5}", 422,
                        "healthcheck.interval must be a duration like 500ms, 10s, 5m or 2h, got a fractional number"),
                Arguments.of(BASE + "healthcheck: {path: /, interval: 0s}", 422, "healthcheck.interval must be longer than 0"),
                Arguments.of(BASE + "healthcheck: {path: /, interval: 25h}", 422, "healthcheck.interval must be at most 24h (got '25h')"),
                Arguments.of(BASE + "healthcheck: {path: /, interval: 99999999999999999999h}", 422,
                        "healthcheck.interval must be at most 24h (got '99999999999999999999h')"),
                Arguments.of(BASE + "healthcheck: {path: /, timeout: 11s}", 422,
                        "healthcheck.timeout (11s) must not be longer than healthcheck.interval (10s)"),
                Arguments.of(BASE + "healthcheck: {path: /, retries: 0}", 422, "healthcheck.retries must be at least 1"),
                Arguments.of(BASE + "healthcheck: {path: /, retries: 101}", 422, "healthcheck.retries must be at most 100, got 101"),
                Arguments.of(BASE + "healthcheck: /health", 422, "healthcheck must be an object, got a string"),
                // restart
                Arguments.of(BASE + "restart: on-failure", 422, "restart must be one of always, onfailure, never (got 'on-failure')"),
                Arguments.of(BASE + "restart: no", 422, "restart: YAML reads no as a boolean; quote it for a string, or write true or false"),
                Arguments.of(BASE + "restart: true", 422, "restart must be a string, got a boolean"),
                // resources
                Arguments.of(BASE + "resources: {memory: 512}", 422,
                        "resources.memory must be a whole number with a unit k, m or g, like 512m (got '512')"),
                Arguments.of(BASE + "resources: {memory: 512mb}", 422,
                        "resources.memory must be a whole number with a unit k, m or g, like 512m (got '512mb')"),
                Arguments.of(BASE + "resources: {memory: 1.5g}", 422,
                        "resources.memory must be a whole number with a unit k, m or g, like 512m (got '1.5g')"),
                Arguments.of(BASE + "resources: {memory: 0m}", 422,
                        "resources.memory must be at least 6m, the smallest limit Docker accepts (got '0m')"),
                Arguments.of(BASE + "resources: {memory: 99999999999999g}", 422, "resources.memory is too large (got '99999999999999g')"),
                Arguments.of(BASE + "resources: {memory: [1g]}", 422, "resources.memory must be a size like 512m, got a list"),
                Arguments.of(BASE + "resources: {cpu: 0}", 422, "resources.cpu must be more than 0, got 0"),
                Arguments.of(BASE + "resources: {cpu: -1}", 422, "resources.cpu must be more than 0, got -1"),
                Arguments.of(BASE + "resources: {cpu: 0.001}", 422, "resources.cpu must be between 0.01 and 1024, got 0.001"),
                Arguments.of(BASE + "resources: {cpu: '1'}", 422, "resources.cpu must be a number, got a string"),
                Arguments.of(BASE + "resources: {disk: 1g}", 400, "unknown field 'resources.disk' (allowed: cpu, memory)"),
                // the document
                Arguments.of(BASE + "replica: 3", 400, "unknown field 'replica' (allowed: deployment, env, healthcheck, image, "
                        + "network, node, ports, project, replicas, resources, restart, secrets, volumes)"),
                // node
                Arguments.of(BASE + "node: ''", 422, "node must be a node name: 1 to 63 letters, digits, '.', '_' or '-', "
                        + "starting with a letter or digit (got '')"),
                Arguments.of(BASE + "node: '../etc'", 422, "node must be a node name: 1 to 63 letters, digits, '.', '_' or '-', "
                        + "starting with a letter or digit (got '../etc')"),
                Arguments.of(BASE + "node: 'a b'", 422, "node must be a node name: 1 to 63 letters, digits, '.', '_' or '-', "
                        + "starting with a letter or digit (got 'a b')"),
                Arguments.of(BASE + "node: " + "n".repeat(64), 422, "node must be a node name: 1 to 63 letters, digits, '.', '_' or '-', "
                        + "starting with a letter or digit (got '" + "n".repeat(64) + "')"),
                Arguments.of(BASE + "node: [a]", 422, "node must be a string, got a list"),
                Arguments.of(BASE + "node: 7", 422, "node must be a string, got an integer"),
                Arguments.of("project: shop\ndeployment: {name: api, image: nginx}", 400, "unknown field 'deployment.image' (allowed: name)"),
                Arguments.of("- project: shop", 400, "deployment spec must be an object (a mapping of fields), got a list"),
                Arguments.of("just text", 400, "deployment spec must be an object (a mapping of fields), got a string"),
                Arguments.of("", 400, "deployment spec is empty; expected YAML or JSON"),
                Arguments.of("  \n\t\n", 400, "deployment spec is empty; expected YAML or JSON"),
                Arguments.of("# only a comment\n", 400, "deployment spec is empty; expected YAML or JSON"),
                Arguments.of(BASE + "---\n" + BASE, 400, "invalid YAML at line 6, column 1: more than one YAML document; send one spec"),
                Arguments.of(BASE + "image: redis", 400, "invalid YAML at line 5, column 1: duplicate key 'image'"),
                Arguments.of(BASE + "env:\n  A: '1'\n  A: '2'\n", 400, "invalid YAML at line 7, column 3: duplicate key 'env.A'"),
                Arguments.of("{\"project\": \"shop\", \"env\": {\"A\": \"1\", \"A\": \"2\"}}", 400,
                        "invalid JSON at line 1, column 39: duplicate key 'env.A'"),
                Arguments.of("{\"project\": \"shop\",}", 400, "malformed JSON at line 1, column 20: Unexpected character ('}' (code 125)): "
                        + "was expecting double-quote to start field name"),
                Arguments.of("{\"project\": \"shop\"} {}", 400, "invalid JSON at line 1, column 21: unexpected content after the JSON object"),
                Arguments.of("project: shop\n  image: nginx\n", 400, "malformed YAML at line 2, column 8: mapping values are not allowed here"),
                Arguments.of("ports: [1, 2\n", 400, "malformed YAML at line 2, column 1: expected ',' or ']', but got <stream end>"));
    }

    @ParameterizedTest
    @MethodSource("rules")
    void everyRuleHasItsMessageAndStatus(String text, int status, String message) {
        Refused e = assertThrows(Refused.class, () -> DeploymentSpecParser.parse(text));
        assertEquals(message, e.getMessage());
        assertEquals(status, ApiException.status(e.kind()), e.getMessage());
    }

    @Test
    void internationalAndUppercaseDomainsAreStoredAsLowercasePunycode() {
        String spec = BASE + "network: {public: true, domain: %s}";
        assertEquals("xn--bcher-kva.example.com", DeploymentSpecParser.parse(spec.formatted("Bücher.Example.COM")).network().domain());
        assertEquals("api.example.com", DeploymentSpecParser.parse(spec.formatted("API.example.com.")).network().domain());
    }

    @Test
    void yamlAnchorsAreRefusedSoABillionLaughsEndsAtOnce() {
        StringBuilder bomb = new StringBuilder(BASE + "env:\n  L0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i < 30; i++) {
            String previous = "*a" + (i - 1);
            bomb.append("  L").append(i).append(": &a").append(i).append(" [")
                    .append(IntStream.range(0, 9).mapToObj(j -> previous).collect(Collectors.joining(","))).append("]\n");
        }
        Refused e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(Refused.class, () -> DeploymentSpecParser.parse(bomb.toString())));
        assertEquals(400, ApiException.status(e.kind()));
        assertEquals("invalid YAML at line 6, column 7: YAML anchors and aliases (&, *) are not supported (at env.L0)", e.getMessage());

        Refused alias = assertThrows(Refused.class, () -> DeploymentSpecParser.parse(BASE + "x: &p 80\nports: [*p]"));
        assertTrue(alias.getMessage().contains("anchors and aliases"), alias.getMessage());
    }

    @Test
    void longListsAreRefusedWithTheLimitAndHugeBodiesBeforeParsing() {
        String ports = IntStream.rangeClosed(1, 10_000).mapToObj(Integer::toString).collect(Collectors.joining(","));
        Refused e = assertThrows(Refused.class, () -> DeploymentSpecParser.parse(BASE + "ports: [" + ports + "]"));
        assertEquals("ports must have at most 100 entries, got 10000", e.getMessage());
        assertEquals(100, DeploymentSpecParser.parse(BASE + "ports: [" + ports.substring(0, ports.indexOf(",101,")) + "]").ports().size());

        String env = IntStream.range(0, 1001).mapToObj(i -> "\"K" + i + "\":\"v\"").collect(Collectors.joining(","));
        String json = "{\"project\":\"shop\",\"deployment\":{\"name\":\"api\"},\"image\":\"nginx\",\"env\":{" + env + "}}";
        assertEquals("env must have at most 1000 entries, got 1001", assertThrows(Refused.class, () -> DeploymentSpecParser.parse(json)).getMessage());

        Refused huge = assertThrows(Refused.class, () -> DeploymentSpecParser.parse(BASE + "#" + "x".repeat(1024 * 1024)));
        assertEquals(400, ApiException.status(huge.kind()));
        assertTrue(huge.getMessage().startsWith("deployment spec is larger than"), huge.getMessage());
    }

    @Test
    void deepNestingIsRefusedAsADocumentError() {
        String deep = BASE + "env: " + "[".repeat(500) + "]".repeat(500);
        Refused e = assertThrows(Refused.class, () -> DeploymentSpecParser.parse(deep));
        assertEquals(400, ApiException.status(e.kind()));
        assertTrue(e.getMessage().contains("nest"), e.getMessage());
        String deepJson = "{\"env\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertEquals(400, ApiException.status(assertThrows(Refused.class, () -> DeploymentSpecParser.parse(deepJson)).kind()));
    }

    @Test
    void controlCharactersAreEscapedWhenEchoed() {
        Refused e = assertThrows(Refused.class,
                () -> DeploymentSpecParser.parse("{\"project\":\"a\\u001b[31mb\",\"deployment\":{\"name\":\"api\"},\"image\":\"nginx\"}"));
        assertEquals("project must be DNS-safe: start with [a-z0-9], then [a-z0-9-] only (got 'a\\u001b[31mb')", e.getMessage());
    }
}
