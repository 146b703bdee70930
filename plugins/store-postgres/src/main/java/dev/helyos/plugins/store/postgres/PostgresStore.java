package dev.helyos.plugins.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.helyos.plugin.api.Lease;
import dev.helyos.plugin.api.LeaseLostException;
import dev.helyos.plugin.api.StateStore;
import dev.helyos.plugin.api.StoreException;
import dev.helyos.plugin.api.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The store contract on PostgreSQL: every write is one transaction that takes the next revisions from
 * the one {@code helyos_revision} row (its row lock orders writers, so revisions follow commit order),
 * records each changed key in {@code helyos_changes} and sends {@code NOTIFY helyos_changes} with the
 * revision (never the value). Every node's {@link ChangeFeed} turns those into watch calls. Leases are
 * rows judged by the database's clock. A database that cannot be reached is a {@link StoreException}
 * whose message starts with {@code state store unavailable:}.
 */
final class PostgresStore implements StateStore {
    static final String CHANNEL = "helyos_changes";
    private final HikariDataSource pool;
    private final ChangeFeed feed;

    private PostgresStore(HikariDataSource pool, ChangeFeed feed) {
        this.pool = pool;
        this.feed = feed;
    }

    static PostgresStore open(PostgresOptions options) {
        // the pool's start and stop lines are noise in helyosd's log; its warnings are not
        java.util.logging.Logger.getLogger("com.zaxxer.hikari").setLevel(java.util.logging.Level.WARNING);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(options.url());
        // by class, not through DriverManager, which does not look into a plugin's class loader
        config.setDriverClassName(org.postgresql.Driver.class.getName());
        config.setDataSourceProperties(options.properties("helyosd"));
        config.setPoolName("helyos-store");
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(-1); // the first connection below says why, in our words
        HikariDataSource pool = new HikariDataSource(config);
        try (Connection c = pool.getConnection()) {
            Schema.migrate(c);
        } catch (SQLException e) {
            pool.close();
            throw new StoreException("cannot open the postgres store at " + options.url() + ": " + describe(e), e);
        }
        ChangeFeed feed = new ChangeFeed(options, pool);
        feed.start();
        return new PostgresStore(pool, feed);
    }

    static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    static String key(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    /** The smallest byte string greater than every one starting with {@code prefix}; null when there is none. */
    static byte[] after(byte[] prefix) {
        byte[] bound = prefix.clone();
        for (int i = bound.length - 1; i >= 0; i--) {
            if (bound[i] != (byte) 0xff) {
                bound[i]++;
                return Arrays.copyOf(bound, i + 1);
            }
        }
        return null;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** {@code work} in one transaction; any failure rolls it all back. */
    private <T> T transaction(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static StoreException unavailable(SQLException e) {
        return new StoreException("state store unavailable: " + describe(e), e);
    }

    @Override
    public Optional<byte[]> get(String key) {
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT value FROM helyos_kv WHERE key = ?")) {
                s.setBytes(1, key(key));
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void put(String key, byte[] value) {
        commit(new WriteBatch().put(key, value));
    }

    @Override
    public boolean delete(String key) {
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM helyos_kv WHERE key = ?")) {
                s.setBytes(1, key(key));
                if (s.executeUpdate() == 0) {
                    return false;
                }
            }
            recordChanges(c, List.of(key));
            return true;
        });
    }

    @Override
    public boolean compareAndSet(String key, byte[] expected, byte[] update) {
        return transaction(c -> {
            byte[] current;
            try (PreparedStatement s = c.prepareStatement("SELECT value FROM helyos_kv WHERE key = ? FOR UPDATE")) {
                s.setBytes(1, key(key));
                try (ResultSet r = s.executeQuery()) {
                    current = r.next() ? r.getBytes(1) : null;
                }
            }
            if (expected == null && current == null && update != null) {
                // no row to lock: the insert decides between two nodes creating the key at once
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO helyos_kv (key, value, revision) VALUES (?, ?, 0) ON CONFLICT (key) DO NOTHING")) {
                    s.setBytes(1, key(key));
                    s.setBytes(2, update);
                    if (s.executeUpdate() == 0) {
                        return false;
                    }
                }
                recordChanges(c, List.of(key));
                return true;
            }
            boolean matches = expected == null ? current == null : current != null && Arrays.equals(current, expected);
            if (!matches) {
                return false;
            }
            if (update == null && current == null) {
                return true;
            }
            apply(c, update == null ? new WriteBatch().delete(key) : new WriteBatch().put(key, update));
            return true;
        });
    }

    @Override
    public void commit(WriteBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        transaction(c -> {
            apply(c, batch);
            return null;
        });
    }

    @Override
    public void commit(WriteBatch batch, Lease lease) {
        transaction(c -> {
            // the row lock keeps the lease from being taken over until this commits
            try (PreparedStatement s = c.prepareStatement("SELECT token FROM helyos_leases WHERE name = ? FOR UPDATE")) {
                s.setString(1, lease.name());
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next() || r.getLong(1) != lease.token()) {
                        throw new LeaseLostException("lease " + lease.name() + " (token " + lease.token()
                                + ") was taken over; nothing written");
                    }
                }
            }
            if (!batch.isEmpty()) {
                apply(c, batch);
            }
            return null;
        });
    }

    private static void apply(Connection c, WriteBatch batch) throws SQLException {
        List<String> changed = new ArrayList<>();
        if (!batch.puts().isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO helyos_kv (key, value, revision) VALUES (?, ?, 0) "
                    + "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")) {
                for (var put : batch.puts().entrySet()) {
                    s.setBytes(1, key(put.getKey()));
                    s.setBytes(2, put.getValue());
                    s.addBatch();
                    changed.add(put.getKey());
                }
                s.executeBatch();
            }
        }
        if (!batch.deletes().isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM helyos_kv WHERE key = ?")) {
                for (String key : batch.deletes()) {
                    s.setBytes(1, key(key));
                    s.addBatch();
                    changed.add(key);
                }
                s.executeBatch();
            }
        }
        recordChanges(c, changed);
    }

    /**
     * Takes the next revisions (waiting for the writers before this one to commit), stamps the changed
     * keys with them, and notifies every node when this transaction commits.
     */
    private static void recordChanges(Connection c, List<String> keys) throws SQLException {
        long last;
        try (PreparedStatement s = c.prepareStatement("UPDATE helyos_revision SET revision = revision + ? WHERE id = 1 RETURNING revision")) {
            s.setLong(1, keys.size());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                last = r.getLong(1);
            }
        }
        long revision = last - keys.size();
        try (PreparedStatement changes = c.prepareStatement("INSERT INTO helyos_changes (revision, key) VALUES (?, ?)");
             PreparedStatement stamp = c.prepareStatement("UPDATE helyos_kv SET revision = ? WHERE key = ?")) {
            for (String key : keys) {
                revision++;
                changes.setLong(1, revision);
                changes.setBytes(2, key(key));
                changes.addBatch();
                stamp.setLong(1, revision);
                stamp.setBytes(2, key(key));
                stamp.addBatch();
            }
            changes.executeBatch();
            stamp.executeBatch();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
            s.setString(1, Long.toString(last));
            s.execute();
        }
    }

    @Override
    public SortedMap<String, byte[]> list(String prefix) {
        byte[] from = key(prefix);
        byte[] to = after(from);
        return transaction(c -> {
            String sql = "SELECT key, value FROM helyos_kv WHERE key >= ?" + (to == null ? "" : " AND key < ?") + " ORDER BY key";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setBytes(1, from);
                if (to != null) {
                    s.setBytes(2, to);
                }
                SortedMap<String, byte[]> out = new TreeMap<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.put(key(r.getBytes(1)), r.getBytes(2));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public AutoCloseable watch(String prefix, Consumer<String> listener) {
        return feed.add(prefix, listener);
    }

    @Override
    public Optional<Lease> tryAcquire(String name, Duration ttl) {
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO helyos_leases AS l (name, token, expires_at) "
                    + "VALUES (?, 1, clock_timestamp() + make_interval(secs => ?)) "
                    + "ON CONFLICT (name) DO UPDATE SET token = l.token + 1, expires_at = EXCLUDED.expires_at "
                    + "WHERE l.expires_at <= clock_timestamp() RETURNING token, expires_at")) {
                s.setString(1, name);
                s.setDouble(2, seconds(ttl));
                return lease(name, s);
            }
        });
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE helyos_leases SET expires_at = clock_timestamp() + "
                    + "make_interval(secs => ?) WHERE name = ? AND token = ? RETURNING token, expires_at")) {
                s.setDouble(1, seconds(ttl));
                s.setString(2, lease.name());
                s.setLong(3, lease.token());
                return lease(lease.name(), s);
            }
        });
    }

    @Override
    public void release(Lease lease) {
        transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE helyos_leases SET expires_at = clock_timestamp() WHERE name = ? AND token = ?")) {
                s.setString(1, lease.name());
                s.setLong(2, lease.token());
                s.executeUpdate();
            }
            return null;
        });
    }

    private static Optional<Lease> lease(String name, PreparedStatement s) throws SQLException {
        try (ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                return Optional.empty();
            }
            Instant expires = r.getTimestamp(2).toInstant();
            return Optional.of(new Lease(name, r.getLong(1), expires));
        }
    }

    private static double seconds(Duration ttl) {
        return ttl.toNanos() / 1e9;
    }

    @Override
    public void close() {
        feed.close();
        pool.close();
    }
}
