package dev.helyos.kernel.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import dev.helyos.kernel.acme.AcmePebbleTest;
import dev.helyos.kernel.deploy.EngineTests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate issuer that is not ACME, written and built outside this repository (plain javac, a
 * hand-made jar; kernel/src/test/third-party-issuer): dropped into the plugins directory, it is
 * listed, routes can name it, and the certificates it signs with openssl from helyosd's requests are
 * stored and handed to the proxy like any other; its CA key is sealed by helyosd.
 */
class ThirdPartyIssuerTest {
    @TempDir
    Path home;

    @Test
    void aDroppedInIssuerPluginSignsTheCertificatesOfTheRoutesThatNameIt() throws Exception {
        String dockerHost = EngineTests.dockerHost();
        Path pluginsDir = PluginJar.pluginsDir(home, PluginJar.ISSUER_EXAMPLE, "example-openssl-ca",
                "org.example.helyos.opensslca.OpensslCaPlugin");

        try (TestDaemon d = TestDaemon.start(home, null, Map.of("DOCKER_HOST", dockerHost), "--plugins-dir", pluginsDir.toString(),
                "--issuer-opt", "openssl-ca.days=60", "--proxy-backend", "traefik", "--proxy-config-dir", home.resolve("proxy").toString())) {
            JsonNode plugin = find(d.get("/api/v1/plugins").json(), "openssl-ca");
            assertEquals("issuer", plugin.get("kind").asText());
            assertEquals("example-openssl-ca", plugin.get("plugin").asText());
            assertEquals("Example Inc.", plugin.get("provider").asText());
            JsonNode issuers = d.get("/api/v1/certs/issuers").json();
            assertEquals(List.of("internal", "openssl-ca"), issuers.findValuesAsText("id"));
            Path root = home.resolve("openssl-ca-root.pem");
            Files.writeString(root, find(issuers, "openssl-ca").get("roots_pem").asText());

            String project = "tp" + Long.toHexString(System.nanoTime());
            assertEquals(201, d.post("/api/v1/projects", "{\"name\":\"" + project + "\"}").status());
            assertEquals(201, d.post("/api/v1/deploy", "project: " + project + "\ndeployment:\n  name: web\n"
                    + "image: helyos-test/busybox:1\nports: [8080]\n", "application/yaml").status());
            String domain = "shop-" + project + ".example.com";
            var added = d.post("/api/v1/routes", "{\"domain\":\"" + domain + "\",\"project\":\"" + project
                    + "\",\"deployment\":\"web\",\"tls_mode\":\"auto\",\"issuer\":\"openssl-ca\"}");
            assertEquals(201, added.status(), added.body());

            JsonNode cert = await(d, "/api/v1/certs/" + domain);
            assertEquals("openssl-ca", cert.get("source").asText());
            assertTrue(cert.get("issuer").asText().contains("Example OpenSSL CA"), cert.toString());
            Duration lifetime = Duration.between(Instant.parse(cert.get("not_before").asText()), Instant.parse(cert.get("not_after").asText()));
            assertEquals(Duration.ofDays(60), lifetime, "--issuer-opt reached the plugin");

            // what the proxy is given: signed by the plugin's root, for the domain (from helyosd's request), for helyosd's key
            Path leaf = runtimeFile(domain + ".crt");
            assertEquals("OK", opensslVerify(root, leaf));
            String text = run("openssl", "x509", "-in", leaf.toString(), "-noout", "-ext", "subjectAltName");
            assertTrue(text.contains("DNS:" + domain), text);
            String keyDigest = run("sh", "-c", "openssl pkey -in " + runtimeFile(domain + ".key") + " -pubout | sha256sum");
            String certKeyDigest = run("sh", "-c", "openssl x509 -in " + leaf + " -noout -pubkey | sha256sum");
            assertEquals(keyDigest, certKeyDigest);

            assertFalse(AcmePebbleTest.containsAnywhere(home.resolve("data"), "-----BEGIN PRIVATE KEY-----"), "the plugin's CA key is sealed in the store");
            try (Stream<Path> shm = Files.list(Path.of("/dev/shm"))) {
                assertEquals(List.of(), shm.filter(p -> p.getFileName().toString().startsWith("openssl-ca-")).toList(),
                        "the plugin's work directories are gone");
            }
            d.delete("/api/v1/projects/" + project + "?force=true");
        }
    }

    private static String opensslVerify(Path root, Path leaf) throws Exception {
        String out = run("openssl", "verify", "-CAfile", root.toString(), leaf.toString());
        return out.strip().endsWith(": OK") ? "OK" : out;
    }

    /** The file the proxy is given, once the reconciler has written it (after the certificate is stored). */
    private static Path runtimeFile(String name) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Stream<Path> dirs = Files.list(Path.of("/dev/shm"))) {
                var found = dirs.filter(p -> p.getFileName().toString().startsWith("helyos-")).map(p -> p.resolve(name))
                        .filter(Files::exists).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " not in any /dev/shm/helyos-* after 20 s");
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode await(TestDaemon d, String path) throws InterruptedException {
        return d.await(path, Duration.ofSeconds(60), cert -> cert.get("status").asText().equals("valid"));
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode item : list) {
            if (item.get("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError(id + " not listed in " + list);
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
        return out;
    }
}
