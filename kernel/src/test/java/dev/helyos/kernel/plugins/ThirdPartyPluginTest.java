package dev.helyos.kernel.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.errors.StartupException;
import dev.helyos.kernel.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin built outside the main build — plain javac against plugin-api and pf4j, a hand-made
 * jar — works by dropping the jar into the plugins directory.
 */
class ThirdPartyPluginTest {
    @TempDir
    Path home;

    @Test
    void aDroppedInStorePluginIsListedSelectableAndUsed() throws Exception {
        Path pluginsDir = PluginJar.pluginsDir(home, PluginJar.EXAMPLES.resolve("org/example/helyos/memstore"),
                "example-memory-store",
                "org.example.helyos.memstore.MemoryStorePlugin");

        try (TestDaemon d = TestDaemon.start(home, "--plugins-dir", pluginsDir.toString(), "--store", "memory")) {
            JsonNode plugins = d.get("/api/v1/plugins").json();
            JsonNode memory = find(plugins, "memory");
            assertEquals("store", memory.get("kind").asText());
            assertEquals("1.0.0", memory.get("version").asText());
            assertEquals("example-memory-store", memory.get("plugin").asText());
            assertEquals("Example Inc.", memory.get("provider").asText());
            assertEquals("store-mapdb", find(plugins, "mapdb").get("plugin").asText(), "bundled plugins are listed too");
            assertEquals("runtime", find(plugins, "docker").get("kind").asText());
            assertEquals("runtime-docker", find(plugins, "docker").get("plugin").asText());
            // Used: the daemon's tokens live in the third-party store.
            assertTrue(d.output.contains("store: memory"), d.output);
            assertEquals(201, d.post("/api/v1/tokens", "{\"name\":\"in-memory\"}").status());
            assertEquals(2, d.get("/api/v1/tokens").json().size());
            assertFalse(Files.exists(home.resolve("data/state.db")), "the MapDB store was not used");
        }

        var unknown = assertThrows(StartupException.class,
                () -> TestDaemon.start(home, "--plugins-dir", pluginsDir.toString(), "--store", "redis").close());
        assertEquals("unknown --store 'redis': installed store plugins are mapdb, memory, postgres (plugins directory " + pluginsDir + ")",
                unknown.getMessage());
    }

    private static JsonNode find(JsonNode plugins, String id) {
        for (JsonNode p : plugins) {
            if (p.get("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("plugin " + id + " not listed in " + plugins);
    }
}
