package dev.helyos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code helyos nodes} (table and --json) and scripts' {@code helyos.nodes.list()} against a real daemon. */
class NodeCommandsTest {
    @TempDir
    static Path daemonDir;
    @TempDir
    static Path home;
    static LiveDaemon d;
    static Path config;

    @BeforeAll
    static void start() {
        d = LiveDaemon.start(daemonDir, "--node-name", "edge-1");
        config = home.resolve("config.toml");
        assertEquals(0, Run.helyos(config, "login", d.url(), "--token", d.token, "--name", "local").exit);
    }

    @AfterAll
    static void stop() {
        d.close();
    }

    @Test
    void nodesListsThisNodeUpWithItsAddress() {
        Run nodes = Run.helyos(config, "nodes");
        assertEquals(0, nodes.exit, nodes.toString());
        assertTrue(nodes.out.startsWith("Nodes "), nodes.out);
        assertTrue(nodes.out.matches("(?s).*│ edge-1 +│ up +│ " + java.util.regex.Pattern.quote(d.url()) + " +│.*"), nodes.out);

        Run json = Run.helyos(config, "nodes", "--json");
        assertEquals(0, json.exit, json.toString());
        assertTrue(json.out.contains("\"name\" : \"edge-1\"") || json.out.contains("\"name\":\"edge-1\""), json.out);
        assertTrue(json.out.contains("\"status\""), json.out);

        Run js = Run.helyos(config, "script", "eval", "helyos.nodes.list().map(n => n.name + ' ' + n.status).join()");
        assertEquals("edge-1 up\n", js.out, js.toString());
    }
}
