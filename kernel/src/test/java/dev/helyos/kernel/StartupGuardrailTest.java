package dev.helyos.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.errors.StartupException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts that must be refused: exact messages, non-zero exit, nothing bound, stored data untouched. */
class StartupGuardrailTest {
    @TempDir
    Path home;

    @Test
    void nonLoopbackPlainHttpIsRefusedWithTheExactMessageAndNothingBound() throws Exception {
        int port = freePort();
        var exit = HelyosdProcess.runToExit(home, List.of("--host", "0.0.0.0", "--tls", "off", "--port", Integer.toString(port),
                "--data-dir", home.resolve("data").toString()), Map.of());
        assertNotEquals(0, exit.code());
        assertEquals("helyosd: refusing to serve a non-loopback address (0.0.0.0) over plain HTTP; "
                + "use --tls on, or pass BOTH --tls off and --insecure-http\n", exit.stderr());
        assertFalse(listening(port), "nothing was bound");
        assertFalse(Files.exists(home.resolve("data")), "a refused start creates nothing");
    }

    @Test
    void nonLoopbackWithoutATokenIsRefusedWithTheExactMessage() throws Exception {
        int port = freePort();
        var exit = HelyosdProcess.runToExit(home, List.of("--host", "0.0.0.0", "--tls", "off", "--insecure-http",
                "--port", Integer.toString(port), "--data-dir", home.resolve("data").toString()), Map.of());
        assertNotEquals(0, exit.code());
        assertEquals("helyosd: refusing to expose a non-loopback address with no API token configured; "
                + "set --api-token / HELYOS_API_TOKEN first\n", exit.stderr());
        assertFalse(listening(port));
        assertFalse(exit.stdout().contains("HELYOS_API_TOKEN="), "no token is generated for an exposed daemon");
    }

    @Test
    void badFlagValuesAreOneLineErrors() {
        assertRefused(List.of("--tls", "maybe"), "helyosd: invalid --tls value 'maybe' (expected auto|on|off)");
        assertRefused(List.of("--port", "70000"), "helyosd: invalid --port value '70000' (expected 1-65535, or 0 for any free port)");
        assertRefused(List.of("--port", "http"), "helyosd: invalid --port value 'http'");
        assertRefused(List.of("--port", "-1"), "helyosd: invalid --port value '-1'");
        assertRefused(List.of("--tls-cert", "/x.pem"), "helyosd: --tls-cert and --tls-key must be given together");
        assertRefused(List.of("--tls-san", "bad name;"), "helyosd: invalid --tls-san value 'bad name;'");
        assertRefused(List.of("--host", ""), "helyosd: invalid --host value ''");
        assertRefused(List.of("--store", "redis"), "helyosd: unknown --store 'redis': installed store plugins are mapdb, postgres");
        assertRefused(List.of("--store", "postgres"), "helyosd: the postgres store needs --store-opt url=jdbc:postgresql://HOST:PORT/DATABASE");
        assertRefused(List.of("--runtime", "podman"), "helyosd: unknown --runtime 'podman': installed runtime plugins are docker");
        assertRefused(List.of("--plugins-dir", home.resolve("nowhere").toString()), "helyosd: plugins directory");
        var badEngine = HelyosdProcess.runToExit(home, List.of("--data-dir", home.resolve("data-engine").toString(), "--port", "0"),
                Map.of("DOCKER_HOST", "unix:// bad host"));
        assertEquals(1, badEngine.code(), badEngine.stderr());
        assertTrue(badEngine.stderr().startsWith("helyosd: invalid DOCKER_HOST 'unix:// bad host'"), badEngine.stderr());
        var unknown = HelyosdProcess.runToExit(home, List.of("--frobnicate"), Map.of());
        assertEquals(2, unknown.code());
        assertTrue(unknown.stderr().startsWith("helyosd: Unknown option: '--frobnicate'"), unknown.stderr());
    }

    @Test
    void aPortInUseIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            assertRefused(List.of("--port", Integer.toString(taken.getLocalPort())),
                    "helyosd: cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void damagedStateStopsTheStartAndIsLeftIntact() throws Exception {
        Path data = home.resolve("data");
        // A data dir that is a file.
        Files.writeString(home.resolve("file"), "x");
        assertInProcessRefused(home.resolve("file"), "data directory");

        // A master key of the wrong length.
        Files.createDirectories(data);
        byte[] shortKey = new byte[7];
        Files.write(data.resolve("master.key"), shortKey);
        assertInProcessRefused(data, "master key " + data.resolve("master.key") + " has 7 bytes, expected 32");
        assertArrayEquals(shortKey, Files.readAllBytes(data.resolve("master.key")), "the damaged key is not replaced");
        Files.delete(data.resolve("master.key"));

        // A store file that is not a store.
        byte[] garbage = new byte[70_000];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(data.resolve("state.db"), garbage);
        assertInProcessRefused(data, "store file " + data.resolve("state.db"));
        assertArrayEquals(garbage, Files.readAllBytes(data.resolve("state.db")), "the corrupt store is left untouched");
    }

    @Test
    void sigtermStopsTheDaemonCleanly() throws Exception {
        try (var running = HelyosdProcess.start(home, List.of("--port", "0", "--data-dir", home.resolve("data").toString()), Map.of())) {
            assertTrue(running.banner().contains("HELYOS_API_TOKEN="), running.banner());
            running.process().destroy();
            assertTrue(running.process().waitFor(30, TimeUnit.SECONDS));
            assertEquals(143, running.process().exitValue(), "terminated by SIGTERM after shutdown hooks ran");
        }
        // The store closed cleanly: a second start reuses the stored token and prints none.
        try (var again = HelyosdProcess.start(home, List.of("--port", "0", "--data-dir", home.resolve("data").toString()), Map.of())) {
            assertFalse(again.banner().contains("HELYOS_API_TOKEN="), again.banner());
        }
    }

    private void assertRefused(List<String> args, String messageStart) {
        List<String> all = new java.util.ArrayList<>(List.of("--data-dir", home.resolve("data-" + args.hashCode()).toString()));
        all.addAll(args);
        var exit = HelyosdProcess.runToExit(home, all, Map.of());
        assertEquals(1, exit.code(), exit.stderr());
        assertTrue(exit.stderr().startsWith(messageStart), "expected '" + messageStart + "…' got: " + exit.stderr());
        assertEquals(1, exit.stderr().lines().count(), "one line: " + exit.stderr());
    }

    private void assertInProcessRefused(Path dataDir, String messageStart) {
        var e = assertThrows(StartupException.class,
                () -> TestDaemon.start(home, null, Map.of(), "--data-dir", dataDir.toString()).close());
        assertTrue(e.getMessage().startsWith(messageStart), "expected '" + messageStart + "…' got: " + e.getMessage());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
