package dev.helyos.kernel.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.StartupException;
import dev.helyos.kernel.TestDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin built outside the main build — plain javac against plugin-api and pf4j, a hand-made
 * jar — works by dropping the jar into the plugins directory.
 */
class ThirdPartyPluginTest {
    private static final Path SOURCES = Path.of("src/test/third-party-plugin");

    @TempDir
    Path home;

    @Test
    void aDroppedInStorePluginIsListedSelectableAndUsed() throws Exception {
        Path pluginsDir = Files.createDirectories(home.resolve("plugins"));
        Path bundled = Path.of(System.getProperty("helyos.install"), "plugins");
        try (Stream<Path> jars = Files.list(bundled)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.copy(jar, pluginsDir.resolve(jar.getFileName()));
            }
        }
        buildPluginJar(pluginsDir.resolve("example-memory-store.jar"));

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
        assertEquals("unknown --store 'redis': installed store plugins are mapdb, memory (plugins directory " + pluginsDir + ")",
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

    /** javac + jar, by hand: nothing of this repository's Maven build is involved. */
    private void buildPluginJar(Path jar) throws IOException {
        Path classes = Files.createDirectories(home.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-proc:full", "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path")));
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
        assertEquals(0, rc, "javac of the example plugin");
        assertTrue(Files.exists(classes.resolve("META-INF/extensions.idx")), "PF4J's annotation processor indexed the extension");

        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", "example-memory-store");
        main.putValue("Plugin-Class", "org.example.helyos.memstore.MemoryStorePlugin");
        main.putValue("Plugin-Version", "1.0.0");
        main.putValue("Plugin-Provider", "Example Inc.");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }
}
