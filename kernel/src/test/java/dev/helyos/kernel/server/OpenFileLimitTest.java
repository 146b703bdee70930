package dev.helyos.kernel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.HelyosdProcess;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * helyosd under {@code ulimit -n 512} with more connections opened than it has descriptors: it stays
 * able to answer once they close. Before, Helidon's listener ended on the first EMFILE and the API
 * never answered again while the process lived on.
 */
class OpenFileLimitTest {
    private static final int FLOOD = 700;

    @TempDir
    Path home;

    @Test
    void theDefaultConnectionLimitKeepsAcceptFromRunningOutOfDescriptors() throws Exception {
        try (HelyosdProcess.Logged d = start(home, List.of())) {
            assertTrue(d.log().contains("serving"), d.log());
            List<Socket> held = flood(d.port());
            assertEquals(FLOOD, held.size(), "more connections than descriptors, all accepted or queued");
            closeAll(held);
            assertHealthyWithin(d, Duration.ofSeconds(5));
            assertFalse(d.log().contains("Too many open files"), d.log());
            assertFalse(d.log().contains("terminating now"), d.log());
        }
    }

    @Test
    void aListenerThatDiesOnEmfileIsStartedAgain() throws Exception {
        // A limit above what the descriptors allow, to make accept fail as it did before the limit existed.
        try (HelyosdProcess.Logged d = start(home, List.of("--max-connections", "5000"))) {
            assertTrue(d.log().contains("warning: --max-connections 5000 leaves too few of the 512 open files"), d.log());
            List<Socket> held = flood(d.port());
            closeAll(held);
            assertHealthyWithin(d, Duration.ofSeconds(15));
            assertTrue(d.log().contains("Too many open files"), "the flood did exhaust the descriptors: " + d.log());
            assertTrue(d.log().contains("is accepting again"), d.log());
            assertTrue(d.process().isAlive());
        }
    }

    /** Opens up to {@link #FLOOD} connections, stopping at the first refused (a dead listener refuses). */
    private static List<Socket> flood(int port) {
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            try {
                Socket s = new Socket();
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
                held.add(s);
            } catch (IOException e) {
                break; // the listen queue is full: enough
            }
        }
        try {
            Thread.sleep(2000); // let helyosd accept what it will
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return held;
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    private static void assertHealthyWithin(HelyosdProcess.Logged d, Duration within) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + within.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(d.url() + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    assertEquals("{\"status\":\"ok\"}", r.body());
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("/health did not answer within " + within.toSeconds() + " s after the flood: " + last + "\n" + d.log());
    }

    /** helyosd as a process of its own under ulimit -n 512. */
    private static HelyosdProcess.Logged start(Path home, List<String> extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--data-dir", home.resolve("data").toString(), "--port", "0"));
        args.addAll(extra);
        return HelyosdProcess.startLogged(home, List.of("bash", "-c", "ulimit -n 512 && exec \"$@\"", "helyosd"), args, Map.of());
    }
}
