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
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the node whose order is under way: a helyosd process orders a route's certificate from a
 * CA that keeps the challenge pending. Killed ({@code kill -9}) while it waits, a second node on the
 * same PostgreSQL takes the order over once the lease lapses (30 s) and gets the certificate, with one
 * extra order at the CA. Paused ({@code SIGSTOP}) past its lease and resumed, it finishes its order,
 * its late certificate is refused by the fencing token, and the second node's stays.
 */
class OrderTakeoverTest {
    private static final String TOKEN_LINE = "  HELYOS_API_TOKEN=";

    @TempDir
    Path home;

    /** Node a, a process on the store with an engine, mid-order; the route it orders for; the flags b shares. */
    record Ordering(HelyosdProcess.Logged node, String token, String domain, List<String> common) {
    }

    private Ordering startOrdering(TestPostgres pg, FakeAcmeCa ca) throws Exception {
        Path caRoot = home.resolve("fake-ca.pem");
        Files.writeString(caRoot, ca.rootPem());
        ca.pollsUntilDone = Integer.MAX_VALUE; // the first order's challenge stays pending
        List<String> common = new ArrayList<>(pg.storeFlags(pg.port()));
        common.addAll(List.of("--acme-email", "ops@example.com", "--acme-ca", "acme", "--acme-directory",
                ca.directory().toString(), "--acme-ca-root", caRoot.toString(), "--proxy-config-dir"));
        List<String> first = new ArrayList<>(List.of("--data-dir", home.resolve("a/data").toString(), "--port", "0", "--node-name", "a"));
        first.addAll(common);
        first.add(home.resolve("a/proxy").toString());
        Files.createDirectories(home.resolve("a"));
        HelyosdProcess.Logged a = HelyosdProcess.startLogged(home.resolve("a"), List.of(), first,
                Map.of("DOCKER_HOST", EngineTests.dockerHost()));
        String token = a.log().lines().filter(l -> l.startsWith(TOKEN_LINE)).findFirst().orElseThrow().substring(TOKEN_LINE.length());
        String project = "t" + UUID.randomUUID().toString().substring(0, 8);
        String domain = "take-" + project + ".example.com";
        assertEquals(201, post(a.url(), token, "/api/v1/deploy", "project: " + project + "\ndeployment:\n  name: web\n"
                + "image: helyos-test/busybox:1\nports: [8080]\n", "application/yaml"));
        assertEquals(201, post(a.url(), token, "/api/v1/routes", "{\"domain\":\"" + domain + "\",\"project\":\"" + project
                + "\",\"deployment\":\"web\",\"tls_mode\":\"auto\"}", "application/json"));
        awaitTrue(Duration.ofSeconds(60), () -> ca.count("/chall/1") >= 2, "node a's order reached the challenge: " + ca.requests);
        return new Ordering(a, token, domain, common);
    }

    /** Node b, in this process, with no engine, sharing a's store and master.key. */
    private TestDaemon startSecond(Ordering a) throws Exception {
        Files.createDirectories(home.resolve("b/data"));
        Files.copy(home.resolve("a/data/master.key"), home.resolve("b/data/master.key"));
        List<String> second = new ArrayList<>(List.of("--node-name", "b"));
        second.addAll(a.common());
        second.add(home.resolve("b/proxy").toString());
        return TestDaemon.start(home.resolve("b"), null, Map.of("DOCKER_HOST", "unix://" + home.resolve("none.sock")),
                second.toArray(String[]::new)).withToken(a.token());
    }

    @Test
    void anOrderWhoseNodeWasKilledIsFinishedByAnotherAfterTheLease() throws Exception {
        try (TestPostgres pg = new TestPostgres(); FakeAcmeCa ca = new FakeAcmeCa(true)) {
            Ordering a = startOrdering(pg, ca);
            try {
                a.node().process().destroyForcibly(); // kill -9, mid-order, its lease held
                a.node().process().waitFor();
                long killedAt = System.nanoTime();
                ca.pollsUntilDone = 1; // the next order validates
                try (TestDaemon b = startSecond(a)) {
                    JsonNode cert = b.await("/api/v1/certs/" + a.domain(), Duration.ofSeconds(60), c -> c.path("serial").isTextual());
                    Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
                    System.out.println("order taken over " + took.toMillis() + " ms after the kill");
                    assertTrue(took.compareTo(Duration.ofSeconds(45)) < 0, "taken over within the 30 s lease and an order: " + took);
                    assertEquals("acme", cert.get("source").asText());
                    assertEquals(2, ca.requests.stream().filter("/order"::equals).count(), "one extra order for the killed one: " + ca.requests);
                }
            } finally {
                a.node().process().destroyForcibly();
            }
        }
    }

    @Test
    void aNodePausedPastItsLeaseCannotStoreItsLateCertificate() throws Exception {
        try (TestPostgres pg = new TestPostgres(); FakeAcmeCa ca = new FakeAcmeCa(true)) {
            Ordering a = startOrdering(pg, ca);
            long pid = a.node().process().pid();
            try {
                signal("STOP", pid); // paused mid-order: it stops renewing its lease
                ca.pollsUntilDone = 1;
                try (TestDaemon b = startSecond(a)) {
                    String taken = b.await("/api/v1/certs/" + a.domain(), Duration.ofSeconds(75), c -> c.path("serial").isTextual())
                            .get("serial").asText();
                    long downloads = ca.count("/cert/1");
                    signal("CONT", pid); // it wakes, finishes its order and tries to store the certificate
                    awaitTrue(Duration.ofSeconds(30), () -> a.node().log().contains("the certificate for " + a.domain()
                            + " was not stored: another node took its order over"), "node a's late write was refused: " + a.node().log());
                    assertTrue(ca.count("/cert/1") > downloads, "node a got its late certificate from the CA: " + ca.requests);
                    assertEquals(taken, b.get("/api/v1/certs/" + a.domain()).json().get("serial").asText(),
                            "the certificate of the node that took over stays");
                    assertEquals(taken, get(a.node().url(), a.token(), "/api/v1/certs/" + a.domain()).get("serial").asText(),
                            "node a shows it too");
                }
            } finally {
                signal("CONT", pid);
                a.node().process().destroyForcibly();
            }
        }
    }

    private static void awaitTrue(Duration timeout, BooleanSupplier condition, String message) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(message);
            }
            Thread.sleep(50);
        }
    }

    private static void signal(String name, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor());
    }

    private static int post(String url, String token, String path, String body, String type) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    private static JsonNode get(String url, String token, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    }
}
