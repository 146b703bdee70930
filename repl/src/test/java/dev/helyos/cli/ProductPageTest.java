package dev.helyos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.helyos.cli.client.Json;
import dev.helyos.kernel.acme.Curl;
import dev.helyos.kernel.acme.Pebble;
import dev.helyos.kernel.deploy.EngineTests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product page (shared/spec/automatic-tls.md) typed command by command, as printed there, against
 * real daemons, the test Docker engine, a managed nginx and Pebble. Only what cannot be the page's
 * differs: ports, file paths, and the ACME directory (Pebble instead of Let's Encrypt). Even the
 * image has the page's name (the test image tagged so, listening on the page's port 3000).
 */
class ProductPageTest {
    /** The page's spec, character for character. */
    static final String APP_YAML = """
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

    @TempDir
    Path home;

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** The test image under the page's name, serving on the page's port. */
    private static void tagThePagesImage(String dockerHost) throws Exception {
        String id = run("docker", "-H", dockerHost, "create", "helyos-test/busybox:1").strip();
        run("docker", "-H", dockerHost, "commit", "--change", "CMD [\"/bin/busybox\",\"httpd\",\"-f\",\"-p\",\"3000\",\"-h\",\"/www\"]",
                id, "ghcr.io/company/api:latest");
        run("docker", "-H", dockerHost, "rm", id);
    }

    @Test
    void layerOneTheApiTls() throws Exception {
        // helyosd --tls on: HTTPS on a loopback bind too
        try (LiveDaemon on = LiveDaemon.start(home.resolve("on"), "--tls", "on")) {
            assertTrue(on.url().startsWith("https://127.0.0.1:"), on.url());
            // helyos login https://…:6443 --token "$HELYOS_API_TOKEN" --ca-fingerprint <sha256-from /api/v1/ca>
            String ca = run("curl", "-sk", on.url() + "/api/v1/ca");
            String fingerprint = String.valueOf(((Map<?, ?>) Json.parse(ca)).get("sha256"));
            Path config = home.resolve("config.toml");
            Run login = Run.helyos(config, Map.of("HELYOS_API_TOKEN", on.token), "",
                    "login", on.url(), "--token", on.token, "--ca-fingerprint", fingerprint);
            assertEquals(0, login.exit, login.toString());
            assertTrue(login.out.startsWith("✓ "), login.out);
            assertEquals(0, Run.helyos(config, "whoami").exit, "the pinned CA is trusted from then on");
        }
        // helyosd --tls auto: plain HTTP on loopback
        try (LiveDaemon auto = LiveDaemon.start(home.resolve("auto"), "--tls", "auto")) {
            assertTrue(auto.url().startsWith("http://127.0.0.1:"), auto.url());
        }
        // helyosd --tls-cert /etc/helyos/api.crt --tls-key /etc/helyos/api.key
        Path crt = home.resolve("api.crt");
        Path key = home.resolve("api.key");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "30",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", key.toString(), "-out", crt.toString());
        try (LiveDaemon byo = LiveDaemon.start(home.resolve("byo"), "--tls-cert", crt.toString(), "--tls-key", key.toString())) {
            assertTrue(byo.url().startsWith("https://"), byo.url());
            Run login = Run.helyos(home.resolve("byo.toml"), "login", byo.url(), "--token", byo.token, "--ca-file", crt.toString());
            assertEquals(0, login.exit, login.toString());
        }
    }

    @Test
    void layerTwoAcmeRoutesAndYourOwnCertificate() throws Exception {
        String dockerHost = EngineTests.dockerHost();
        if (!Files.isExecutable(Path.of("/usr/sbin/nginx")) || !Files.isExecutable(Path.of("/usr/bin/pebble"))) {
            fail("needs nginx and pebble: scripts/test installs them");
        }
        tagThePagesImage(dockerHost);
        int httpPort = Pebble.freePort();
        int httpsPort = Pebble.freePort();
        try (Pebble pebble = Pebble.start(home.resolve("pebble"), httpPort, Map.of());
             // helyosd --acme-email ops@example.com (Pebble as the CA, nginx as the proxy)
             LiveDaemon d = LiveDaemon.start(home.resolve("daemon"), "--acme-email", "ops@example.com",
                     "--acme-ca", "acme", "--acme-directory", pebble.directory(), "--acme-ca-root", pebble.apiCert.toString(),
                     "--proxy-backend", "nginx", "--proxy-manage", "--proxy-opt", "address=127.0.0.1",
                     "--proxy-http-port", Integer.toString(httpPort), "--proxy-https-port", Integer.toString(httpsPort))) {
            Path config = home.resolve("config.toml");
            assertEquals(0, Run.helyos(config, "login", d.url(), "--token", d.token).exit);
            Path app = Files.writeString(home.resolve("app.yaml"), APP_YAML);

            // helyos deploy app.yaml
            Run deploy = Run.helyos(config, "deploy", app.toString());
            assertEquals(0, deploy.exit, deploy.toString());
            assertTrue(deploy.out.startsWith("✓ created project shop\n"), deploy.out);
            assertTrue(deploy.out.matches("(?s).*✓ Deployed shop/api: 3/3 replicas ready \\(\\d+\\.\\ds\\)\n"), deploy.out);

            // helyos route add api.example.com -p shop --deployment api --https  (the deploy made it already: no change)
            Run route = Run.helyos(config, "route", "add", "api.example.com", "-p", "shop", "--deployment", "api", "--https");
            assertEquals(0, route.exit, route.toString());
            assertEquals("✓ Routed api.example.com to shop/api (TLS auto)\n", route.out);

            // $ helyos routes -p shop
            Run routes = Run.helyos(config, "routes", "-p", "shop");
            List<String> lines = routes.out.lines().toList();
            assertEquals("Routes 1 total", lines.get(0), routes.out);
            assertTrue(lines.get(2).matches("│ Domain +│ Project │ Deployment │ TLS +│ Created +│"), routes.out);
            assertTrue(lines.get(4).matches("│ api\\.example\\.com +│ shop +│ api +│ auto │ \\S+ +│"), routes.out);

            // automatic TLS: a Pebble certificate, served by nginx, verified by curl
            Path root = pebble.issuingRoot();
            Curl served = awaitServed(root, httpsPort);
            assertTrue(served.body().contains("helyos test page"), served.toString());
            Run certs = Run.helyos(config, "certs");
            assertTrue(certs.out.matches("(?s).*│ api\\.example\\.com +│ acme .*"), certs.out);

            // helyos cert import api.example.com --cert /path/to/fullchain.pem --key /path/to/privkey.pem
            Path caKey = home.resolve("ca.key");
            Path caCrt = home.resolve("ca.pem");
            run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "30",
                    "-subj", "/CN=Page Test CA", "-keyout", caKey.toString(), "-out", caCrt.toString());
            Path privkey = home.resolve("privkey.pem");
            Path csr = home.resolve("api.csr");
            run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=api.example.com",
                    "-keyout", privkey.toString(), "-out", csr.toString());
            Path ext = Files.writeString(home.resolve("ext.cnf"), "subjectAltName=DNS:api.example.com\n");
            Path leaf = home.resolve("leaf.pem");
            run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", caCrt.toString(), "-CAkey", caKey.toString(),
                    "-CAcreateserial", "-days", "20", "-extfile", ext.toString(), "-out", leaf.toString());
            Path fullchain = Files.writeString(home.resolve("fullchain.pem"), Files.readString(leaf) + Files.readString(caCrt));
            Run imported = Run.helyos(config, "cert", "import", "api.example.com", "--cert", fullchain.toString(), "--key", privkey.toString());
            assertEquals(0, imported.exit, imported.toString());
            assertTrue(imported.out.startsWith("✓ "), imported.out);
            Curl own = awaitServed(caCrt, httpsPort);
            assertTrue(own.body().contains("helyos test page"), own.toString());
            assertTrue(!Files.readString(home.resolve("daemon").resolve("data").resolve("state.db"), StandardCharsets.ISO_8859_1)
                    .contains(Files.readString(privkey).lines().skip(1).findFirst().orElseThrow()), "the key is sealed at rest");
            Run.helyos(config, "rm", "api", "-y", "-p", "shop");
        }
    }

    private static Curl awaitServed(Path root, int httpsPort) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Curl last = null;
        while (System.nanoTime() < deadline) {
            last = Curl.https(root, "api.example.com", httpsPort);
            if (last.status() == 200) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("api.example.com not served with a certificate under " + root + ": " + last);
    }
}
