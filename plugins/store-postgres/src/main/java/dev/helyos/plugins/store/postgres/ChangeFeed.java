package dev.helyos.plugins.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Every committed change, from any node, to this node's watches, in revision (commit) order and each
 * once. One dedicated connection (pgjdbc delivers notifications only to a connection it polls, so it
 * cannot be a pooled one) LISTENs on {@link PostgresStore#CHANNEL}; on each notification, and once a
 * second anyway, it reads {@code helyos_changes} after the last revision it handed on. When that
 * connection is lost it connects again with back-off (0.1 s doubling to 5 s) and reads from the same
 * revision, so a change committed meanwhile is neither missed nor repeated.
 */
final class ChangeFeed implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ChangeFeed.class.getName());
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final int POLL_MILLIS = 1000;
    private static final int PAGE = 1000;
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);
    /** The listening connection's name in {@code pg_stat_activity}. */
    static final String APPLICATION = "helyosd change feed";

    private record Watch(String prefix, Consumer<String> listener) {
    }

    private final PostgresOptions options;
    private final DataSource pool;
    private final CopyOnWriteArrayList<Watch> watches = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile Connection listening;
    private long lastRevision;
    private long lastPrune;
    private Thread thread;

    ChangeFeed(PostgresOptions options, DataSource pool) {
        this.options = options;
        this.pool = pool;
    }

    /** Starts from the current revision: changes committed before this are not watched. */
    void start() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT revision FROM helyos_revision WHERE id = 1")) {
            r.next();
            lastRevision = r.getLong(1);
        } catch (SQLException e) {
            throw new dev.helyos.plugin.api.StoreException("state store unavailable: " + PostgresStore.describe(e), e);
        }
        thread = Thread.ofPlatform().daemon().name("postgres change feed").start(this::run);
    }

    AutoCloseable add(String prefix, Consumer<String> listener) {
        Watch watch = new Watch(prefix, listener);
        watches.add(watch);
        return () -> watches.remove(watch);
    }

    /** The revision last handed on (for tests and diagnostics). */
    synchronized long lastRevision() {
        return lastRevision;
    }

    private void run() {
        long backoff = 100;
        while (!closed) {
            try (Connection c = new org.postgresql.Driver().connect(options.url(), options.properties(APPLICATION))) {
                listening = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + PostgresStore.CHANNEL);
                }
                if (backoff > 100) {
                    LOG.info("the store's change feed is connected again; replaying from revision " + lastRevision());
                }
                backoff = 100;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    replay(c);
                    pruneNowAndThen(c);
                    pg.getNotifications(POLL_MILLIS); // wakes on a notification or after the poll interval
                }
            } catch (SQLException e) {
                if (closed) {
                    return;
                }
                LOG.warning("the store's change feed lost its connection (" + PostgresStore.describe(e) + "); again in "
                        + backoff + " ms");
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    /** Hands on every change after the last revision, in order. */
    private void replay(Connection c) throws SQLException {
        while (true) {
            int read = 0;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT revision, key FROM helyos_changes WHERE revision > ? ORDER BY revision LIMIT " + PAGE)) {
                s.setLong(1, lastRevision());
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        read++;
                        deliver(PostgresStore.key(r.getBytes(2)));
                        synchronized (this) {
                            lastRevision = r.getLong(1);
                        }
                    }
                }
            }
            if (read < PAGE) {
                return;
            }
        }
    }

    private void deliver(String key) {
        for (Watch watch : watches) {
            if (key.startsWith(watch.prefix())) {
                try {
                    watch.listener().accept(key);
                } catch (RuntimeException e) {
                    LOG.warning("a store watch for " + watch.prefix() + " failed on " + key + ": " + e);
                }
            }
        }
    }

    private void pruneNowAndThen(Connection c) throws SQLException {
        long now = System.nanoTime();
        if (lastPrune != 0 && now - lastPrune < PRUNE_EVERY.toNanos()) {
            return;
        }
        lastPrune = now;
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM helyos_changes WHERE at < clock_timestamp() - interval '" + Schema.CHANGES_KEPT_HOURS + " hours'");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c = listening;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
