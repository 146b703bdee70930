package dev.helyos.plugins.store.postgres;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh database on the private PostgreSQL that scripts/test starts (HELYOS_TEST_PG_URL and friends),
 * dropped on close. Without that server the tests fail: they do not skip.
 */
final class TestDatabase implements AutoCloseable {
    final String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    final String url;

    TestDatabase() throws Exception {
        String base = System.getenv("HELYOS_TEST_PG_URL");
        if (base == null || base.isBlank()) {
            fail("HELYOS_TEST_PG_URL is not set: these tests need a real PostgreSQL; scripts/test starts a private one and sets it");
        }
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        url = base.substring(0, base.lastIndexOf('/') + 1) + name;
    }

    static Connection admin() throws Exception {
        return DriverManager.getConnection(System.getenv("HELYOS_TEST_PG_URL"), user(), password());
    }

    static String user() {
        return System.getenv("HELYOS_TEST_PG_USER");
    }

    static String password() throws Exception {
        return Files.readString(Path.of(System.getenv("HELYOS_TEST_PG_PASSWORD_FILE"))).strip();
    }

    /** The store options a node of this database is started with. */
    Map<String, String> options() {
        return Map.of("url", url, "user", user(), "password-file", System.getenv("HELYOS_TEST_PG_PASSWORD_FILE"));
    }

    PostgresStore open() {
        return PostgresStore.open(PostgresOptions.parse(options(), null));
    }

    /** Ends the backends of this database's change feeds, as a lost network or a restarted server would. */
    int terminateChangeFeeds() throws Exception {
        try (Connection c = admin(); Statement s = c.createStatement();
             var r = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '" + name
                     + "' AND application_name = '" + ChangeFeed.APPLICATION + "'")) {
            r.next();
            return r.getInt(1);
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (Exception e) {
            throw new SQLException("cannot drop test database " + name + ": " + e.getMessage(), e);
        }
    }
}
