package dev.helyos.kernel.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.HelyosdProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's TLS as testssl.sh grades it, checked with openssl and the JDK client against helyosd as
 * its own process (so the JVM flags are the daemon's own): client renegotiation refused (a HIGH DoS
 * finding before), AEAD suites only (CBC's LUCKY13 was LOW), TLS 1.2 and 1.3 only.
 */
class ApiTlsHardeningTest {
    @TempDir
    static Path home;
    static HelyosdProcess.Running daemon;
    static int port;

    @BeforeAll
    static void start() throws IOException {
        daemon = HelyosdProcess.start(home, List.of("--data-dir", home.resolve("data").toString(), "--port", "0", "--tls", "on"), Map.of());
        port = URI.create(daemon.url()).getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
    }

    private static String openssl(String input, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            for (String part : input.split("\\|")) {
                Thread.sleep(700);
                in.write(part.getBytes(StandardCharsets.US_ASCII));
                in.flush();
            }
            Thread.sleep(1000);
        } catch (IOException e) {
            // openssl ended first: the server closed
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void clientInitiatedRenegotiationIsRefused() throws Exception {
        String out = openssl("R\n|GET /health HTTP/1.1\r\nHost: x\r\n\r\n", "-tls1_2");
        assertTrue(out.contains("Cipher is ECDHE-"), "the TLS 1.2 handshake itself works: " + out);
        assertTrue(out.contains("RENEGOTIATING"), out);
        assertTrue(out.contains("alert handshake failure") || out.contains("no renegotiation"), "renegotiation was not refused: " + out);
        assertFalse(out.contains("HTTP/1.1 200"), "the connection served a request after renegotiating: " + out);
    }

    @Test
    void onlyAeadSuitesAndCurrentProtocolsAreOffered() throws Exception {
        assertTrue(openssl("Q\n", "-tls1_3").contains("Cipher is TLS_AES_"));
        assertTrue(openssl("Q\n", "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256").contains("Cipher is ECDHE-ECDSA-AES128-GCM-SHA256"));
        for (String cbc : List.of("ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-ECDSA-AES128-SHA256")) {
            String out = openssl("Q\n", "-tls1_2", "-cipher", cbc);
            assertTrue(out.contains("Cipher is (NONE)"), cbc + " was accepted: " + out);
        }
        assertTrue(openssl("Q\n", "-tls1_1").contains("Cipher is (NONE)"), "TLS 1.1 was accepted");

        var factory = TrustOnly.anything().getSocketFactory();
        try (SSLSocket socket = (SSLSocket) factory.createSocket("127.0.0.1", port)) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
            assertThrows(SSLHandshakeException.class, socket::startHandshake);
        }
        try (SSLSocket socket = (SSLSocket) factory.createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            assertEquals("TLSv1.3", socket.getSession().getProtocol());
        }
    }
}
