package dev.helyos.kernel.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.HelyosdProcess;
import dev.helyos.kernel.TestDaemon;
import dev.helyos.kernel.acme.FakeAcmeCa;
import dev.helyos.kernel.deploy.EngineTests;
import dev.helyos.kernel.store.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the node whose order is under way: a helyosd process orders a route's
 * certificate from a CA that keeps the challenge pending, and is killed while it waits; a second node
 * on the same PostgreSQL takes the order over once the lease lapses (30 s) and gets the certificate;
 * the CA saw one extra order.
 */
class OrderTakeoverTest {
    @TempDir
    Path home;

    @Test
    void anOrderWhoseNodeWasKilledIsFinishedByAnotherAfterTheLease() throws Exception {
        String engine = EngineTests.dockerHost();
        try (TestPostgres pg = new TestPostgres(); FakeAcmeCa ca = new FakeAcmeCa(true)) {
            Path caRoot = home.resolve("fake-ca.pem");
            Files.writeString(caRoot, ca.rootPem());
            ca.pollsUntilDone = Integer.MAX_VALUE; // the first order's challenge stays pending
            List<String> common = new ArrayList<>(pg.storeFlags(pg.port()));
            common.addAll(List.of("--acme-email", "ops@example.com", "--acme-ca", "acme", "--acme-directory",
                    ca.directory().toString(), "--acme-ca-root", caRoot.toString(), "--proxy-config-dir"));
            List<String> first = new ArrayList<>(List.of("--data-dir", home.resolve("a/data").toString(), "--port", "0",
                    "--node-name", "a"));
            first.addAll(common);
            first.add(home.resolve("a/proxy").toString());
            HelyosdProcess.Running a = HelyosdProcess.start(home.resolve("a"), first, Map.of("DOCKER_HOST", engine));
            try {
                String token = a.banner().lines().filter(l -> l.startsWith("  HELYOS_API_TOKEN=")).findFirst().orElseThrow()
                        .substring("  HELYOS_API_TOKEN=".length());
                String project = "t" + UUID.randomUUID().toString().substring(0, 8);
                String domain = "take-" + project + ".example.com";
                assertEquals(201, post(a.url(), token, "/api/v1/deploy", "project: " + project + "\ndeployment:\n  name: web\n"
                        + "image: helyos-test/busybox:1\nports: [8080]\n", "application/yaml"));
                assertEquals(201, post(a.url(), token, "/api/v1/routes", "{\"domain\":\"" + domain + "\",\"project\":\"" + project
                        + "\",\"deployment\":\"web\",\"tls_mode\":\"auto\"}", "application/json"));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (ca.count("/chall/1") < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertTrue(ca.count("/chall/1") >= 2, "node a's order reached the challenge: " + ca.requests);

                a.process().destroyForcibly(); // kill -9, mid-order, its lease held
                a.process().waitFor();
                long killedAt = System.nanoTime();
                ca.pollsUntilDone = 1; // the next order validates

                Files.createDirectories(home.resolve("b/data"));
                Files.copy(home.resolve("a/data/master.key"), home.resolve("b/data/master.key"));
                List<String> second = new ArrayList<>(List.of("--node-name", "b"));
                second.addAll(common);
                second.add(home.resolve("b/proxy").toString());
                try (TestDaemon b = TestDaemon.start(home.resolve("b"), null, Map.of("DOCKER_HOST", "unix://" + home.resolve("none.sock")),
                        second.toArray(String[]::new)).withToken(token)) {
                    JsonNode cert = b.await("/api/v1/certs/" + domain, Duration.ofSeconds(60), c -> c.path("serial").isTextual());
                    Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
                    System.out.println("order taken over " + took.toMillis() + " ms after the kill");
                    assertTrue(took.compareTo(Duration.ofSeconds(45)) < 0, "taken over within the 30 s lease and an order: " + took);
                    assertEquals("acme", cert.get("source").asText());
                    assertEquals(2, ca.requests.stream().filter("/order"::equals).count(), "one extra order for the killed one: " + ca.requests);
                }
            } finally {
                a.process().destroyForcibly();
            }
        }
    }

    private static int post(String url, String token, String path, String body, String type) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }
}
