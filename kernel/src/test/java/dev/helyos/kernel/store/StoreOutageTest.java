package dev.helyos.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.TestDaemon;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * helyosd on PostgreSQL while the database goes away and comes back: the API answers 503 naming the
 * store (never 500), readiness says why, nothing acknowledged is lost, and everything works again
 * without a restart.
 */
class StoreOutageTest {
    @TempDir
    Path home;

    @Test
    void whileTheDatabaseIsAwayTheApiAnswers503AndResumesWhenItIsBack() throws Exception {
        try (TestPostgres pg = new TestPostgres(); TcpForwarder link = new TcpForwarder(pg.port());
             TestDaemon d = TestDaemon.start(home, null, Map.of(), pg.storeFlags(link.port()).toArray(String[]::new))) {
            assertEquals(201, d.post("/api/v1/projects", "{\"name\":\"shop\"}").status());

            link.cut();
            TestDaemon.Reply read = d.get("/api/v1/projects");
            assertEquals(503, read.status(), read.body());
            assertTrue(read.body().startsWith("{\"error\":\"state store unavailable: "), read.body());
            TestDaemon.Reply write = d.post("/api/v1/projects", "{\"name\":\"during\"}");
            assertEquals(503, write.status(), write.body());
            TestDaemon.Reply ready = d.send("GET", "/health/ready", null, null);
            assertEquals(503, ready.status(), ready.body());
            assertTrue(ready.body().contains("store"), ready.body());

            link.restore();
            d.await("/api/v1/projects", Duration.ofSeconds(30), projects -> projects.toString().contains("\"shop\""));
            assertTrue(!d.get("/api/v1/projects").body().contains("\"during\""), "the refused write left nothing");
            assertEquals(201, d.post("/api/v1/projects", "{\"name\":\"after\"}").status());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            TestDaemon.Reply readyAgain = d.send("GET", "/health/ready", null, null);
            while (readyAgain.status() != 200 && System.nanoTime() < deadline) { // each component notices on its next round
                Thread.sleep(200);
                readyAgain = d.send("GET", "/health/ready", null, null);
            }
            assertEquals(200, readyAgain.status(), readyAgain.body());
        }
    }
}
