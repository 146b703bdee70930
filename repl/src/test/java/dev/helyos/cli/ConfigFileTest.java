package dev.helyos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.cli.config.CliConfig;
import dev.helyos.cli.config.Context;
import dev.helyos.cli.config.Toml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void readsTheFileHelyosdWritesOnFirstStart() throws Exception {
        // What the daemon's Jackson TOML writer produces: dotted keys and literal strings.
        Path file = Files.writeString(dir.resolve("config.toml"), """
                current-context = 'local'
                context.local.server = 'http://127.0.0.1:6443'
                context.local.token = 'nxa-api_abc'
                context.local.token-name = 'admin'
                context.local.project = 'default'
                context.local.ca = 'LS0tLS1CRUdJTg=='
                context.local.ca-sha256 = 'aa:bb'
                """);
        CliConfig config = CliConfig.load(file, System.err);
        assertEquals("local", config.currentContext());
        Context ctx = config.context("local");
        assertEquals("http://127.0.0.1:6443", ctx.server());
        assertEquals("nxa-api_abc", ctx.token());
        assertEquals("default", ctx.project());
        assertEquals("pinned CA", ctx.trust());
    }

    @Test
    void savesAtomicallyWithABackupAndMode0600AndRoundTrips() throws Exception {
        Path file = dir.resolve("sub/config.toml");
        CliConfig config = CliConfig.load(file, System.err);
        config.put("we\"ird name", new Context("https://h:6443", "t\\o\"k\nen", "ci", "shop", true, null, null));
        config.use("we\"ird name");
        config.save();
        assertFalse(Files.exists(file.resolveSibling("config.toml.bak")), "no backup of a file that did not exist");
        String first = Files.readString(file);
        config.put("second", new Context("http://127.0.0.1:6443", null, null, "default", false, null, null));
        config.save();
        assertEquals(first, Files.readString(file.resolveSibling("config.toml.bak")), "the previous file is kept as .bak");
        for (Path p : new Path[] {file, file.resolveSibling("config.toml.bak")}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(2, files.count(), "no temp file left behind");
        }
        CliConfig again = CliConfig.load(file, System.err);
        assertEquals(config.contexts(), again.contexts());
        assertEquals("we\"ird name", again.currentContext());
    }

    @Test
    void aLegacyFlatFileIsContextDefault() throws Exception {
        Path file = Files.writeString(dir.resolve("config.toml"), "server = \"http://10.0.0.5:6443\"\ntoken = \"nxa-api_x\"\n");
        CliConfig config = CliConfig.load(file, System.err);
        assertEquals("default", config.currentContext());
        assertEquals("http://10.0.0.5:6443", config.context("default").server());
    }

    @Test
    void aMalformedFileWarnsAndCarriesOnWithNoContexts() throws Exception {
        for (String bad : new String[] {"current-context = \"x\nbroken", "[context.a\nserver=1", "= 3", "a = \"\\q\"", "a = [1, 2]",
                "\u0000\u0001binary\u00ff", "a = 1\na = 2"}) {
            Path file = Files.writeString(dir.resolve("config.toml"), bad);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CliConfig config = CliConfig.load(file, new PrintStream(err, true, StandardCharsets.UTF_8));
            assertTrue(config.contexts().isEmpty());
            assertNull(config.currentContext());
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("⚠ ignoring malformed config " + file + ": line "), bad + " → " + err);
            assertEquals(bad, Files.readString(file), "a malformed file is not rewritten by reading it");
        }
        Files.write(dir.resolve("config.toml"), new byte[] {(byte) 0xc3, (byte) 0x28, 10});
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertTrue(CliConfig.load(dir.resolve("config.toml"), new PrintStream(err, true, StandardCharsets.UTF_8)).contexts().isEmpty());
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("⚠ ignoring malformed config"), err.toString());
    }

    @Test
    void tomlSubsetParsesWhatItWrites() throws Exception {
        Map<String, Object> doc = Toml.parse("""
                # comment
                a = "x\\ty\\u00e9" # trailing comment
                b = true
                n = -1_000
                [context."dotted.name"]
                k = 'lit\\eral'
                """);
        assertEquals("x\tyé", doc.get("a"));
        assertEquals(true, doc.get("b"));
        assertEquals(-1000L, doc.get("n"));
        assertEquals("lit\\eral", ((Map<?, ?>) ((Map<?, ?>) doc.get("context")).get("dotted.name")).get("k"));
        var e = assertThrows(Toml.ParseException.class, () -> Toml.parse("ok = 1\nbad"));
        assertTrue(e.getMessage().startsWith("line 2: "), e.getMessage());
    }
}
