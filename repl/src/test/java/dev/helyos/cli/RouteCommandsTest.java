package dev.helyos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.cli.client.Json;
import dev.helyos.kernel.deploy.EngineTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code helyos routes}, {@code route add|rm} and {@code helyos.routes} against a live daemon with a real engine. */
class RouteCommandsTest {
    @TempDir
    static Path daemonDir;
    @TempDir
    Path home;
    static LiveDaemon d;
    Path config;

    @BeforeAll
    static void start() throws Exception {
        EngineTests.dockerHost();
        d = LiveDaemon.start(daemonDir, "--acme-email", "ops@example.com", "--proxy-config-dir", daemonDir.resolve("proxy").toString());
        Path spec = daemonDir.resolve("api.yaml");
        Files.writeString(spec, "project: shop\ndeployment:\n  name: api\nimage: helyos-test/busybox:1\nports: [8080]\n");
        Path login = daemonDir.resolve("setup.toml");
        assertEquals(0, Run.helyos(login, "login", d.url(), "--token", d.token, "--name", "setup").exit);
        assertEquals(0, Run.helyos(login, "project", "create", "shop").exit);
        // the deployment the routes point at, through the API (the deploy command is tested elsewhere)
        assertEquals(201, DeployHelper.post(d, "/api/v1/deploy", Files.readString(spec)));
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            DeployHelper.delete(d, "/api/v1/projects/shop?force=true");
            d.close();
        }
    }

    @BeforeEach
    void login() {
        config = home.resolve("config.toml");
        assertEquals(0, Run.helyos(config, "login", d.url(), "--token", d.token, "--name", "local").exit);
    }

    @Test
    void theRoutesTableLooksLikeTheProductPage() {
        Run add = Run.helyos(config, "route", "add", "api.example.com", "-p", "shop", "--deployment", "api", "--https");
        assertEquals("✓ Routed api.example.com to shop/api (TLS auto)\n", add.out, add.toString());
        Run table = Run.helyos(config, "routes", "-p", "shop");
        assertEquals(0, table.exit, table.toString());
        List<String> lines = table.out.lines().toList();
        assertEquals("Routes 1 total", lines.get(0));
        assertTrue(lines.get(1).matches("┌─{17}┬─{9}┬─{12}┬─{6}┬─{22}┐"), lines.get(1));
        assertEquals("│ Domain          │ Project │ Deployment │ TLS  │ Created              │", lines.get(2));
        assertTrue(lines.get(4).matches("│ api\\.example\\.com │ shop    │ api        │ auto │ \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ │"),
                lines.get(4));
        assertTrue(lines.get(5).startsWith("└"), table.out);

        Run json = Run.helyos(config, "--json", "routes");
        List<?> routes = (List<?>) Json.parse(json.out);
        Map<?, ?> route = (Map<?, ?>) routes.getFirst();
        assertEquals("api.example.com", route.get("domain"));
        assertEquals("shop", route.get("project"));
        assertEquals("auto", route.get("tls_mode"));

        assertEquals("✓ Removed route api.example.com\n", Run.helyos(config, "route", "rm", "api.example.com").out);
        Run gone = Run.helyos(config, "route", "rm", "api.example.com");
        assertEquals(1, gone.exit);
        assertTrue(gone.err.startsWith("✗ route not found: api.example.com\n"), gone.err);
    }

    @Test
    void badInputIsAClearErrorAndTheContextsProjectIsUsed() {
        Run injection = Run.helyos(config, "route", "add", "a.example.com;} server {", "-p", "shop", "--deployment", "api");
        assertEquals(1, injection.exit);
        assertTrue(injection.err.startsWith("✗ domain 'a.example.com;} server {' is not valid: "), injection.err);
        Run noDeployment = Run.helyos(config, "route", "add", "b.example.com", "-p", "shop");
        assertEquals(1, noDeployment.exit);
        assertTrue(noDeployment.err.contains("--deployment"), noDeployment.err);

        assertEquals(0, Run.helyos(config, "context", "set", "local", "--project", "shop").exit);
        Run viaContext = Run.helyos(config, "route", "add", "c.example.com", "--deployment", "api");
        assertEquals("✓ Routed c.example.com to shop/api (TLS none)\n", viaContext.out, viaContext.toString());
        assertEquals(0, Run.helyos(config, "route", "rm", "c.example.com").exit);
    }

    @Test
    void aRouteCanNameItsCertificateIssuer() {
        Run added = Run.helyos(config, "route", "add", "int.example.com", "-p", "shop", "--deployment", "api", "--issuer", "internal");
        assertEquals(0, added.exit, added.toString());
        assertEquals("✓ Routed int.example.com to shop/api (TLS auto, certificate from internal)\n", added.out);
        List<?> all = (List<?>) Json.parse(Run.helyos(config, "--json", "routes").out);
        Map<?, ?> route = (Map<?, ?>) all.stream().filter(r -> "int.example.com".equals(((Map<?, ?>) r).get("domain"))).findFirst().orElseThrow();
        assertEquals("internal", route.get("issuer"));
        assertEquals("auto", route.get("tls_mode"));
        assertEquals(0, Run.helyos(config, "route", "rm", "int.example.com").exit);
    }

    @Test
    void scriptsAddListAndRemoveRoutes() {
        Run run = Run.helyos(config, "script", "eval", """
                const r = helyos.routes.add('js.example.com', 'api', {project: 'shop'});
                const listed = helyos.routes.list('shop').map(x => x.domain + ':' + x.tls_mode).join();
                helyos.routes.remove('js.example.com');
                r.tls_mode + ' ' + listed + ' ' + helyos.routes.list().length""");
        assertEquals(0, run.exit, run.toString());
        assertEquals("none js.example.com:none 0\n", run.out);
        Run bad = Run.helyos(config, "script", "eval", "helyos.routes.add('x.example.com', 'api', {https: 'yes'})");
        assertEquals(1, bad.exit);
        assertTrue(bad.err.contains("argument 3 must be an object like {project: 'shop', https: true, issuer: 'internal'}"), bad.err);
    }
}
