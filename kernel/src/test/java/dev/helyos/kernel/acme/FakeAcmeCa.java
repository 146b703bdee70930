package dev.helyos.kernel.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.helyos.kernel.tls.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * An ACME CA in the test's process, on loopback plain HTTP: directory, nonces, accounts, one order at
 * a time with one HTTP-01 authorization, finalization that signs the CSR, and the chain. It trusts
 * every JWS (the signatures are acme4j's business), so a test can drive the client through each state
 * of an order and each answer a real CA gives: a challenge that fails, a rate limit with Retry-After,
 * an account the CA forgot. Requests are recorded by path.
 */
public final class FakeAcmeCa implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final String base;
    private final KeyPair caKey;
    private final X509Certificate caCert;
    private final AtomicInteger nonces = new AtomicInteger();
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** Problems the next new-order requests get, in turn: {status, type, detail, retry-after or null}. */
    final Deque<Object[]> orderProblems = new ArrayDeque<>();
    /** Decides a triggered challenge from its token: true valid, false invalid with {@link #challengeError}. */
    public volatile Predicate<String> validation = token -> true;
    volatile String challengeError = "connection refused";
    /** How many polls a triggered challenge stays processing before the CA decides it. */
    public volatile int pollsUntilDone = 2;

    private String domain;
    private String challengeStatus;
    private int challengePolls;
    private String orderStatus;
    private String chainPem;
    private int orderNumber;

    public FakeAcmeCa() throws Exception {
        this(false);
    }

    /** {@code https}: served over TLS with a certificate for 127.0.0.1 from {@link #caCert} (helyosd's flags want https). */
    public FakeAcmeCa(boolean https) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        caKey = generator.generateKeyPair();
        X500Name name = new X500Name("CN=Fake ACME CA");
        Instant now = Instant.now();
        var holder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(1))), name, caKey.getPublic())
                .addExtension(org.bouncycastle.asn1.x509.Extension.basicConstraints, true, new org.bouncycastle.asn1.x509.BasicConstraints(true))
                .addExtension(org.bouncycastle.asn1.x509.Extension.keyUsage, true, new org.bouncycastle.asn1.x509.KeyUsage(
                        org.bouncycastle.asn1.x509.KeyUsage.keyCertSign | org.bouncycastle.asn1.x509.KeyUsage.cRLSign))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate()));
        caCert = new JcaX509CertificateConverter().getCertificate(holder);
        if (https) {
            com.sun.net.httpserver.HttpsServer tls = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            tls.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(serverTls()));
            server = tls;
        } else {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        }
        base = (https ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/", this::handle);
        server.start();
    }

    /** The CA certificate as PEM, to trust for this CA's API over https ({@code --acme-ca-root}). */
    public String rootPem() {
        return Pem.encode(caCert);
    }

    private javax.net.ssl.SSLContext serverTls() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        Instant now = Instant.now();
        var holder = new JcaX509v3CertificateBuilder(new X500Name("CN=Fake ACME CA"), BigInteger.TWO, Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=127.0.0.1"), key.getPublic())
                .addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
                        new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                                org.bouncycastle.asn1.x509.GeneralName.iPAddress, "127.0.0.1")))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate()));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("api", key.getPrivate(), new char[0], new java.security.cert.Certificate[] {cert, caCert});
        javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        keys.init(store, new char[0]);
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(keys.getKeyManagers(), null, null);
        return ssl;
    }

    public URI directory() {
        return URI.create(base + "/dir");
    }

    public long count(String pathPrefix) {
        return requests.stream().filter(r -> r.startsWith(pathPrefix)).count();
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.add(path);
            exchange.getResponseHeaders().add("Replay-Nonce", "bm9uY2U" + nonces.incrementAndGet());
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            if (path.equals("/dir")) {
                json(exchange, 200, Map.of("newNonce", base + "/nonce", "newAccount", base + "/account", "newOrder", base + "/order",
                        "revokeCert", base + "/revoke", "keyChange", base + "/key-change"));
                return;
            }
            if (path.equals("/nonce")) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            JsonNode payload = payload(exchange);
            switch (path) {
                case "/account" -> {
                    exchange.getResponseHeaders().add("Location", base + "/acct/1");
                    json(exchange, 201, Map.of("status", "valid", "orders", base + "/acct/1/orders"));
                }
                case "/order" -> newOrder(exchange, payload);
                case "/authz/1" -> json(exchange, 200, authorization());
                case "/chall/1" -> {
                    if (payload != null && "pending".equals(challengeStatus)) {
                        challengeStatus = "processing";
                        challengePolls = 0;
                    } else if ("processing".equals(challengeStatus) && ++challengePolls >= pollsUntilDone) {
                        challengeStatus = validation.test("token-" + orderNumber) ? "valid" : "invalid";
                    }
                    json(exchange, 200, challenge());
                }
                case "/finalize/1" -> {
                    byte[] csr = Base64.getUrlDecoder().decode(payload.get("csr").asText());
                    chainPem = sign(new PKCS10CertificationRequest(csr));
                    orderStatus = "processing";
                    json(exchange, 200, order());
                }
                case "/order/1" -> {
                    if ("processing".equals(orderStatus)) {
                        orderStatus = "valid";
                    }
                    json(exchange, 200, order());
                }
                case "/cert/1" -> {
                    byte[] body = chainPem.getBytes(StandardCharsets.US_ASCII);
                    exchange.getResponseHeaders().add("Content-Type", "application/pem-certificate-chain");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
                default -> problem(exchange, 404, "malformed", "no such resource " + path, null);
            }
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private void newOrder(HttpExchange exchange, JsonNode payload) throws IOException {
        Object[] problem = orderProblems.poll();
        if (problem != null) {
            problem(exchange, (int) problem[0], (String) problem[1], (String) problem[2], (Instant) problem[3]);
            return;
        }
        orderNumber++;
        domain = payload.get("identifiers").get(0).get("value").asText();
        challengeStatus = "pending";
        orderStatus = "pending";
        exchange.getResponseHeaders().add("Location", base + "/order/1");
        json(exchange, 201, order());
    }

    private Map<String, Object> order() {
        Map<String, Object> order = new java.util.LinkedHashMap<>();
        order.put("status", "valid".equals(challengeStatus) && "pending".equals(orderStatus) ? "ready" : orderStatus);
        order.put("expires", DateTimeFormatter.ISO_INSTANT.format(Instant.now().plus(Duration.ofHours(1))));
        order.put("identifiers", List.of(Map.of("type", "dns", "value", domain)));
        order.put("authorizations", List.of(base + "/authz/1"));
        order.put("finalize", base + "/finalize/1");
        if ("valid".equals(orderStatus)) {
            order.put("certificate", base + "/cert/1");
        }
        return order;
    }

    private Map<String, Object> authorization() {
        String status = switch (challengeStatus) {
            case "valid" -> "valid";
            case "invalid" -> "invalid";
            default -> "pending";
        };
        return Map.of("status", status, "expires", DateTimeFormatter.ISO_INSTANT.format(Instant.now().plus(Duration.ofHours(1))),
                "identifier", Map.of("type", "dns", "value", domain), "challenges", List.of(challenge()));
    }

    private Map<String, Object> challenge() {
        Map<String, Object> challenge = new java.util.LinkedHashMap<>();
        challenge.put("type", "http-01");
        challenge.put("url", base + "/chall/1");
        challenge.put("token", "token-" + orderNumber);
        challenge.put("status", challengeStatus);
        if ("invalid".equals(challengeStatus)) {
            challenge.put("error", Map.of("type", "urn:ietf:params:acme:error:connection", "detail", challengeError));
        }
        return challenge;
    }

    private String sign(PKCS10CertificationRequest csr) throws Exception {
        Instant now = Instant.now();
        var leaf = new JcaX509v3CertificateBuilder(new X500Name("CN=Fake ACME CA"), BigInteger.valueOf(System.nanoTime()),
                Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(90))), csr.getSubject(),
                new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo()))
                // critical: acme4j's requests have an empty subject, as Let's Encrypt's certificates do
                .addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, true,
                        new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                                org.bouncycastle.asn1.x509.GeneralName.dNSName, domain)))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate()));
        return Pem.encode(new JcaX509CertificateConverter().getCertificate(leaf)) + Pem.encode(caCert);
    }

    /** The JWS payload of a POST: null for a POST-as-GET (empty payload). */
    private static JsonNode payload(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (body.length == 0) {
            return null;
        }
        String encoded = JSON.readTree(body).path("payload").asText();
        return encoded.isEmpty() ? null : JSON.readTree(Base64.getUrlDecoder().decode(encoded));
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void problem(HttpExchange exchange, int status, String type, String detail, Instant retryAfter) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(Map.of("type", "urn:ietf:params:acme:error:" + type, "detail", detail, "status", status));
        exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
        if (retryAfter != null) {
            exchange.getResponseHeaders().add("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(retryAfter.atZone(java.time.ZoneOffset.UTC)));
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
