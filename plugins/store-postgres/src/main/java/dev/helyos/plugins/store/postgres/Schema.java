package dev.helyos.plugins.store.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables, created and migrated at start, one numbered step at a time. Nodes starting together
 * take turns on an advisory lock, so a migration runs once.
 *
 * <ul>
 *   <li>{@code helyos_kv}: keys as UTF-8 {@code bytea}, so that order and prefix ranges are byte order
 *       whatever the database's collation;</li>
 *   <li>{@code helyos_changes}: one row per changed key with its revision, what {@link ChangeFeed}
 *       replays after a lost connection (pruned after {@link #CHANGES_KEPT_HOURS} hours);</li>
 *   <li>{@code helyos_revision}: the last revision, one row, whose lock orders writers, so revisions
 *       are in commit order;</li>
 *   <li>{@code helyos_leases}: one row per lease name, its newest token and expiry (the database's clock).</li>
 * </ul>
 */
final class Schema {
    static final int CHANGES_KEPT_HOURS = 24;
    private static final long MIGRATION_LOCK = 0x68656c796f73L; // "helyos"

    private static final List<String> STEPS = List.of(
            """
            CREATE TABLE helyos_kv (key bytea PRIMARY KEY, value bytea NOT NULL, revision bigint NOT NULL);
            CREATE TABLE helyos_changes (revision bigint PRIMARY KEY, key bytea NOT NULL,
                                         at timestamptz NOT NULL DEFAULT clock_timestamp());
            CREATE INDEX helyos_changes_at ON helyos_changes (at);
            CREATE TABLE helyos_revision (id int PRIMARY KEY CHECK (id = 1), revision bigint NOT NULL);
            INSERT INTO helyos_revision VALUES (1, 0);
            CREATE TABLE helyos_leases (name text PRIMARY KEY, token bigint NOT NULL, expires_at timestamptz NOT NULL);
            """);

    private Schema() {
    }

    /** Brings the database to the newest version; returns the version it was at. */
    static int migrate(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            s.execute("CREATE TABLE IF NOT EXISTS helyos_schema (version int NOT NULL)");
            int version = 0;
            try (ResultSet r = s.executeQuery("SELECT version FROM helyos_schema")) {
                if (r.next()) {
                    version = r.getInt(1);
                } else {
                    s.execute("INSERT INTO helyos_schema VALUES (0)");
                }
            }
            if (version > STEPS.size()) {
                throw new SQLException("the database holds Helyos schema version " + version + ", newer than this helyosd's "
                        + STEPS.size() + ": upgrade helyosd");
            }
            for (int step = version; step < STEPS.size(); step++) {
                s.execute(STEPS.get(step));
            }
            s.execute("UPDATE helyos_schema SET version = " + STEPS.size());
            c.commit();
            return version;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
