package dev.helyos.kernel.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import dev.helyos.kernel.acme.Curl;
import dev.helyos.kernel.acme.Pebble;
import dev.helyos.kernel.deploy.EngineTests;
import dev.helyos.kernel.errors.StartupException;
import dev.helyos.kernel.store.TestPostgres;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three helyosd nodes on one PostgreSQL database, each with its own data directory (the same
 * master.key), its own managed nginx on its own ports, and one Pebble: a token made on one node works
 * on the others, every node lists every node, a deployment taken by node 1 runs there (node 3 has no
 * engine) and an {@code auto} route added through node 1 gets one certificate; all three nginx serve
 * the page of node 1's pod over it (curl verifies it against Pebble's root). A deployment sent to node 1
 * with {@code node: node2} runs on node 2, every node's API shows its pods and node 1's nginx serves it;
 * an unknown node is refused. After node 1 stops the others still serve, node 1 shows as down, and
 * they renew the certificate (Pebble issues 90-second ones, due at two thirds of their life): one
 * more order, and both nginx serve the new certificate (checked by the JDK's TLS client against
 * Pebble's root). A node with another master.key is refused.
 */
class ClusterTest {
    @TempDir
    Path home;

    record Node(TestDaemon daemon, int httpPort, int httpsPort) {
    }

    private Node start(int index, TestPostgres pg, String pebbleDirectory, Path pebbleRoot, String dockerHost, int httpPort)
            throws Exception {
        int httpsPort = Pebble.freePort();
        Path dir = home.resolve("node" + index);
        List<String> args = new ArrayList<>(pg.storeFlags(pg.port()));
        args.addAll(List.of("--node-name", "node" + index, "--heartbeat-interval", "500ms",
                "--acme-email", "ops@example.com", "--acme-ca", "acme", "--acme-directory", pebbleDirectory,
                "--acme-ca-root", pebbleRoot.toString(), "--renew-interval", "1s", "--proxy-backend", "nginx", "--proxy-manage",
                "--proxy-opt", "address=127.0.0.1", "--proxy-http-port", Integer.toString(httpPort),
                "--proxy-https-port", Integer.toString(httpsPort), "--proxy-config-dir", dir.resolve("nginx").toString()));
        return new Node(TestDaemon.start(dir, null, Map.of("DOCKER_HOST", dockerHost), args.toArray(String[]::new)), httpPort, httpsPort);
    }

    @Test
    void threeNodesShareTokensRoutesAndOneCertificateAndGoOnWithoutTheFirst() throws Exception {
        String engine = EngineTests.dockerHost();
        String noEngine = "unix://" + home.resolve("no-engine.sock");
        int firstHttpPort = Pebble.freePort();
        try (TestPostgres pg = new TestPostgres();
             Pebble pebble = Pebble.start(home.resolve("pebble"), firstHttpPort, Map.of(), Duration.ofSeconds(90))) {
            Node one = start(1, pg, pebble.directory(), pebble.apiCert, engine, firstHttpPort);
            // nodes share master.key: copied, as an operator does when adding a node
            for (int i = 2; i <= 3; i++) {
                Files.createDirectories(home.resolve("node" + i).resolve("data"));
                Files.copy(home.resolve("node1/data/master.key"), home.resolve("node" + i + "/data/master.key"));
            }
            Node two = start(2, pg, pebble.directory(), pebble.apiCert, engine, Pebble.freePort());
            Node three = start(3, pg, pebble.directory(), pebble.apiCert, noEngine, Pebble.freePort());
            List<Node> nodes = List.of(one, two, three);
            try {
                String token = one.daemon().token();
                two.daemon().withToken(token);
                three.daemon().withToken(token);
                assertEquals(200, three.daemon().get("/api/v1/whoami").status(), "a token made on node 1 works on node 3");
                JsonNode listed = two.daemon().await("/api/v1/nodes", Duration.ofSeconds(10), all -> all.size() == 3);
                for (JsonNode node : listed) {
                    assertEquals("up", node.get("status").asText(), node.toString());
                }

                String project = "c" + UUID.randomUUID().toString().substring(0, 8);
                String domain = "shop-" + project + ".example.com";
                assertEquals(201, one.daemon().post("/api/v1/deploy", "project: " + project + "\ndeployment:\n  name: web\n"
                        + "image: helyos-test/busybox:1\nports: [8080]\n", "application/yaml").status());
                one.daemon().await("/api/v1/deployments/" + project + "/web", Duration.ofSeconds(60),
                        json -> json.get("deployment").get("status").asText().equals("ready"));
                assertEquals(201, one.daemon().post("/api/v1/routes", "{\"domain\":\"" + domain + "\",\"project\":\"" + project
                        + "\",\"deployment\":\"web\",\"tls_mode\":\"auto\"}").status());
                JsonNode issuedCert = one.daemon().await("/api/v1/certs/" + domain, Duration.ofSeconds(90),
                        cert -> cert.path("serial").isTextual());
                String serial = issuedCert.get("serial").asText();
                Instant due = Instant.parse(issuedCert.get("next_renewal").asText());

                Path root = pebble.issuingRoot();
                for (Node node : nodes) {
                    assertEquals(serial, node.daemon().await("/api/v1/certs/" + domain, Duration.ofSeconds(10),
                            cert -> cert.path("serial").isTextual()).get("serial").asText(), "every node sees the one certificate");
                    Curl page = awaitStatus(root, domain, node.httpsPort(), 200);
                    assertTrue(page.body().contains(EngineTests.PAGE), "node " + node + " sends to node 1's pod: " + page.body());
                }
                assertEquals(1, issued(home.resolve("pebble")), "Pebble issued one certificate for three nodes");

                String placed = "/api/v1/deployments/" + project + "/api";
                TestDaemon.Reply deployed = one.daemon().post("/api/v1/deploy", "project: " + project
                        + "\ndeployment:\n  name: api\nnode: node2\nimage: helyos-test/busybox:1\nports: [8080]\n", "application/yaml");
                assertEquals(201, deployed.status(), deployed.body());
                for (Node node : List.of(one, three)) { // node 3 has no engine: it shows what node 2 reports
                    JsonNode shown = node.daemon().await(placed, Duration.ofSeconds(60),
                            json -> json.get("deployment").get("status").asText().equals("ready"));
                    assertEquals("node2", shown.get("deployment").get("node").asText(), shown.toString());
                    assertTrue(shown.get("pods").get(0).get("ready").asBoolean(), shown.toString());
                }
                String apiDomain = "api-" + project + ".example.com";
                assertEquals(201, one.daemon().post("/api/v1/routes", "{\"domain\":\"" + apiDomain + "\",\"project\":\"" + project
                        + "\",\"deployment\":\"api\",\"tls_mode\":\"none\"}").status());
                Curl served = awaitHttp(apiDomain, one.httpPort());
                assertTrue(served.body().contains(EngineTests.PAGE), "node 1's nginx sends to node 2's pod: " + served.body());
                TestDaemon.Reply unknown = one.daemon().post("/api/v1/deploy", "project: " + project
                        + "\ndeployment:\n  name: lost\nnode: node9\nimage: helyos-test/busybox:1\n", "application/yaml");
                assertEquals(422, unknown.status(), unknown.body());
                assertTrue(unknown.body().contains("node: no node named 'node9' has joined this store"), unknown.body());
                assertEquals(404, one.daemon().get("/api/v1/deployments/" + project + "/lost").status(), "a refused deploy stores nothing");

                one.daemon().close();
                assertTrue(Instant.now().isBefore(due), "node 1 stopped before the renewal was due (" + due + ")");
                for (Node node : List.of(two, three)) {
                    awaitVerified(root, domain, node.httpsPort());
                }
                JsonNode after = three.daemon().await("/api/v1/nodes/node1", Duration.ofSeconds(10),
                        node -> node.get("status").asText().equals("down"));
                assertEquals("node1", after.get("name").asText());

                long wait = Duration.between(Instant.now(), due).plusSeconds(30).toSeconds();
                String renewed = two.daemon().await("/api/v1/certs/" + domain, Duration.ofSeconds(wait),
                        cert -> !cert.path("serial").asText().equals(serial)).get("serial").asText();
                for (Node node : List.of(two, three)) {
                    awaitServed(root, domain, node.httpsPort(), renewed);
                }
                assertEquals(2, issued(home.resolve("pebble")), "the renewal was ordered once, by node 2 or 3");
            } finally {
                for (Node node : nodes) {
                    node.daemon().close();
                }
            }

            Path stranger = home.resolve("stranger");
            StartupException refused = org.junit.jupiter.api.Assertions.assertThrows(StartupException.class,
                    () -> TestDaemon.start(stranger, null, Map.of("DOCKER_HOST", noEngine), pg.storeFlags(pg.port()).toArray(String[]::new)));
            assertTrue(refused.getMessage().startsWith("master.key differs from the one this store was sealed with"), refused.getMessage());
        }
    }

    /** Waits until curl gets {@code status} over TLS it verified against {@code root}. */
    private static Curl awaitStatus(Path root, String domain, int port, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Curl last = null;
        while (System.nanoTime() < deadline) {
            last = Curl.https(root, domain, port);
            if (last.status() == status) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + status + " for " + domain + " on port " + port + ": " + last);
    }

    /** Waits until the JDK's TLS client, trusting only {@code root}, is served the certificate {@code serial}. */
    private static void awaitServed(Path root, String domain, int port, String serial) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(root)) {
            trust.setCertificateEntry("root", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trustManagers.getTrustManagers(), null);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(domain)));
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                BigInteger served = ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
                if (served.equals(new BigInteger(serial, 16))) {
                    return;
                }
                last = served.toString(16);
            } catch (java.io.IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("port " + port + " does not serve serial " + serial + " for " + domain + ": " + last);
    }

    private static Curl awaitHttp(String domain, int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Curl last = null;
        while (System.nanoTime() < deadline) {
            last = Curl.http(domain, port);
            if (last.status() == 200) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no 200 for " + domain + " on port " + port + ": " + last);
    }

    /** Waits until curl gets an HTTP answer over TLS it verified against {@code root} (any status). */
    private static void awaitVerified(Path root, String domain, int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Curl last = null;
        while (System.nanoTime() < deadline) {
            last = Curl.https(root, domain, port);
            if (last.status() != 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no verified TLS answer for " + domain + " on port " + port + ": " + last);
    }

    private static long issued(Path pebbleDir) throws Exception {
        return Files.readAllLines(pebbleDir.resolve("pebble.log")).stream().filter(l -> l.contains("Issued certificate serial")).count();
    }
}
