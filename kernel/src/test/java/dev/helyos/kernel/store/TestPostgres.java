package dev.helyos.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A fresh database on the private PostgreSQL that scripts/test starts (HELYOS_TEST_PG_*), made and
 * dropped with psql, for daemons started with {@code --store postgres}. Without that server the test
 * fails: it does not skip.
 */
public final class TestPostgres implements AutoCloseable {
    public final String database = "k_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private final URI server;

    public TestPostgres() throws Exception {
        String url = System.getenv("HELYOS_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            fail("HELYOS_TEST_PG_URL is not set: this test needs a real PostgreSQL; scripts/test starts a private one and sets it");
        }
        server = URI.create(url.substring("jdbc:".length()));
        psql("CREATE DATABASE " + database);
    }

    public int port() {
        return server.getPort();
    }

    /** The flags of a helyosd on this database, reached through {@code port} (the server's, or a forwarder's). */
    public List<String> storeFlags(int port) {
        return List.of("--store", "postgres", "--store-opt", "url=jdbc:postgresql://127.0.0.1:" + port + "/" + database,
                "--store-opt", "user=" + System.getenv("HELYOS_TEST_PG_USER"),
                "--store-opt", "password-file=" + System.getenv("HELYOS_TEST_PG_PASSWORD_FILE"));
    }

    private void psql(String sql) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", Integer.toString(server.getPort()), "-U",
                System.getenv("HELYOS_TEST_PG_USER"), "-d", "postgres", "-qc", sql).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", password());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(true, p.waitFor(30, TimeUnit.SECONDS), "psql hung");
        if (p.exitValue() != 0) {
            throw new AssertionError("psql " + sql + ": " + out);
        }
    }

    @Override
    public void close() throws Exception {
        psql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    static String password() throws Exception {
        return Files.readString(Path.of(System.getenv("HELYOS_TEST_PG_PASSWORD_FILE"))).strip();
    }
}
