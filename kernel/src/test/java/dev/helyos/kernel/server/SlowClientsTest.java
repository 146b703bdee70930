package dev.helyos.kernel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.TestDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that hold connections without finishing a request are cut off by the timeouts (here set
 * short by flag), a client that says Connection: close is closed after its answer, and bodies that are
 * too large, cut short or abandoned get a clear status and no stack trace in the log.
 */
class SlowClientsTest {
    private static final Duration HEADER = Duration.ofSeconds(1);
    private static final Duration IDLE = Duration.ofSeconds(3);
    /**
     * Helidon stamps a connection's last request with a clock it updates once a second (on a timer
     * thread that can lag on a busy machine), so a connection may be closed up to that much early.
     */
    private static final Duration HELIDON_CLOCK = Duration.ofMillis(1500);

    @TempDir
    static Path home;
    static TestDaemon d;
    private final List<LogRecord> severe = new CopyOnWriteArrayList<>();
    private final Handler severeLog = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                severe.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start() {
        d = TestDaemon.start(home, "--header-timeout", "1s", "--body-timeout", "1s", "--idle-timeout", "3s");
    }

    @AfterAll
    static void stop() {
        d.close();
    }

    @BeforeEach
    void watchLog() {
        Logger.getLogger("").addHandler(severeLog);
    }

    @AfterEach
    void noStackTraces() {
        Logger.getLogger("").removeHandler(severeLog);
        assertTrue(severe.isEmpty(), () -> "SEVERE log lines: " + severe.stream().map(r -> r.getMessage() + " " + r.getThrown()).toList());
    }

    private RawConnection connect() throws Exception {
        return new RawConnection(d.daemon.port());
    }

    @Test
    void aConnectionThatNeverSendsIsClosedAfterTheIdleTimeout() throws Exception {
        try (RawConnection c = connect()) {
            Duration closed = c.closedWithin(Duration.ofSeconds(15));
            assertNotNull(closed, "still open after 15 s with --idle-timeout 3s");
            assertTrue(closed.compareTo(IDLE.minus(HELIDON_CLOCK)) >= 0, "closed too early: " + closed);
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedAfterTheIdleTimeoutAndNotBefore() throws Exception {
        try (RawConnection c = connect()) {
            c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(c.answer(Duration.ofMillis(500)).startsWith("HTTP/1.1 200"), c.received());
            // the idle clock starts again at each request line, so measure from the second request's
            long sent = System.nanoTime();
            c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            Duration closedAfter = c.closedWithin(Duration.ofSeconds(15));
            assertNotNull(closedAfter, "an idle kept-alive connection stayed open");
            Duration closed = Duration.ofNanos(System.nanoTime() - sent);
            assertEquals(2, c.received().split("\\{\"status\":\"ok\"}", -1).length - 1, "both requests answered on one connection: " + c.received());
            assertTrue(closed.compareTo(IDLE.minus(HELIDON_CLOCK)) >= 0, "closed before the idle timeout: " + closed);
        }
    }

    @Test
    void headersThatNeverEndAreCutAfterTheHeaderTimeout() throws Exception {
        try (RawConnection c = connect()) {
            c.send("GET /api/v1/version HTTP/1.1\r\nHost: x\r\n");
            long start = System.nanoTime();
            Duration closed = null;
            // a slowloris: one more header byte every 200 ms, so the connection is never idle
            while (closed == null && System.nanoTime() - start < Duration.ofSeconds(15).toNanos()) {
                try {
                    c.send("X");
                } catch (java.io.IOException e) {
                    closed = Duration.ofNanos(System.nanoTime() - start);
                    break;
                }
                closed = c.closedWithin(Duration.ofMillis(200));
                if (closed != null) {
                    closed = Duration.ofNanos(System.nanoTime() - start);
                }
            }
            assertNotNull(closed, "a slowloris client was never cut off");
            assertTrue(closed.compareTo(HEADER.minusMillis(300)) >= 0, "cut before the header timeout: " + closed);
            assertFalse(c.received().contains("200 OK"), "the unfinished request was answered: " + c.received());
        }
    }

    @Test
    void aBodyShorterThanItsContentLengthIsCutAfterTheBodyTimeout() throws Exception {
        try (RawConnection c = connect()) {
            c.send("POST /api/v1/projects HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + d.token()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":");
            Duration closed = c.closedWithin(Duration.ofSeconds(15));
            assertNotNull(closed, "a short body held its connection");
            assertTrue(closed.compareTo(HEADER.minusMillis(300)) >= 0, "cut before the body timeout: " + closed);
        }
        assertEquals(200, d.get("/api/v1/projects").status());
    }

    @Test
    void connectionCloseIsHonouredAfterTheAnswer() throws Exception {
        try (RawConnection c = connect()) {
            c.send("GET /api/v1/version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            Duration closed = c.closedWithin(Duration.ofSeconds(5));
            assertNotNull(closed, "Connection: close left the socket open");
            assertTrue(closed.compareTo(Duration.ofSeconds(1)) < 0, "closed only after " + closed);
            assertTrue(c.received().startsWith("HTTP/1.1 200"), c.received());
            assertTrue(c.received().toLowerCase().contains("connection: close"), c.received());
            assertTrue(c.received().contains("\"api\":\"v1\""), "the answer came before the close: " + c.received());
        }
    }

    @Test
    void anUnreadBodyClosesTheConnectionInsteadOfBeingReadForAsLongAsTheClientLikes() throws Exception {
        try (RawConnection c = connect()) {
            c.send("POST /api/v1/projects HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{");
            Duration closed = c.closedWithin(Duration.ofSeconds(5));
            assertNotNull(closed);
            assertTrue(c.received().startsWith("HTTP/1.1 401"), c.received());
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIs413LikeOneWithAContentLength() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        try (RawConnection c = connect()) {
            c.send("POST /api/v1/projects HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + d.token()
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            try {
                for (int i = 0; i < 24; i++) {
                    c.send((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    c.send(chunk);
                    c.send("\r\n");
                }
            } catch (java.io.IOException e) {
                // the server stopped reading once it had answered
            }
            c.closedWithin(Duration.ofSeconds(5));
            assertTrue(c.received().startsWith("HTTP/1.1 413"), c.received());
            assertTrue(c.received().contains("{\"error\":\"request body exceeds 1048576 bytes\"}"), c.received());
        }
        try (RawConnection c = connect()) {
            // refused on its Content-Length alone, before any of the body is read
            c.send("POST /api/v1/projects HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + d.token()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n");
            c.closedWithin(Duration.ofSeconds(5));
            assertTrue(c.received().startsWith("HTTP/1.1 413"), c.received());
            assertTrue(c.received().contains("{\"error\":\"request body exceeds 1048576 bytes\"}"), c.received());
        }
    }

    @Test
    void aClientThatLeavesMidBodyIsNoServerError() throws Exception {
        try (RawConnection c = connect()) {
            c.send("POST /api/v1/projects HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + d.token()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"na");
            Thread.sleep(200);
        }
        Thread.sleep(500);
        assertEquals(200, d.get("/api/v1/projects").status());
    }

    @Test
    void duplicateJsonKeysAreRefusedByName() {
        var reply = d.post("/api/v1/projects", "{\"name\":\"first\",\"name\":\"second\"}");
        assertEquals(400, reply.status(), reply.body());
        assertTrue(reply.error().contains("Duplicate field 'name'"), reply.error());
        assertEquals(404, d.get("/api/v1/projects/first").status());
        assertEquals(404, d.get("/api/v1/projects/second").status());
    }

    @Test
    void headOnAGetRouteAnswersLikeGetWithoutTheBody() throws Exception {
        String body = d.get("/api/v1/version").body();
        try (RawConnection c = connect()) {
            c.send("HEAD /api/v1/version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            c.closedWithin(Duration.ofSeconds(5));
            String answer = c.received();
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.contains("Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"), answer);
            assertTrue(answer.endsWith("\r\n\r\n"), "no body after the headers: " + answer);
        }
        assertEquals(401, d.send("HEAD", "/api/v1/whoami", null, null).status());
        assertEquals(200, d.send("HEAD", "/api/v1/whoami", null, d.token()).status());
        assertEquals(405, d.send("HEAD", "/api/v1/tokens/x", null, d.token()).status(), "HEAD is only for GET routes");
    }
}
