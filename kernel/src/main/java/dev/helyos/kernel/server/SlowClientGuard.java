package dev.helyos.kernel.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Closes the connection of a client too slow to send its request: the headers must arrive within
 * the header timeout of the request line, the whole body within the body timeout of the headers.
 * Helidon has no such timeouts of its own; its idle timeout covers only the wait for a request line.
 *
 * <p>Helidon reads a connection's requests and runs their handlers on one thread per connection, so a
 * deadline is kept per connection thread: set when the request line and the headers arrive (the
 * listener callbacks), dropped by {@link #requestRead()} once the handler has the body. A sweep closes
 * the socket of a connection past its deadline, which ends the blocked read.
 */
final class SlowClientGuard implements Http1ConnectionListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SlowClientGuard.class.getName());

    private record Deadline(ConnectionContext connection, String phase, long atNanos) {
    }

    private final long headerNanos;
    private final long bodyNanos;
    private final ConcurrentHashMap<Thread, Deadline> deadlines = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "helyosd-slow-client-sweep");
        t.setDaemon(true);
        return t;
    });

    SlowClientGuard(Duration headerTimeout, Duration bodyTimeout) {
        this.headerNanos = headerTimeout.toNanos();
        this.bodyNanos = bodyTimeout.toNanos();
        long period = Math.clamp(Math.min(headerTimeout.toMillis(), bodyTimeout.toMillis()) / 5, 50, 1000);
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        watch(ctx, "headers", headerNanos);
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        if (headers.contains(HeaderNames.TRANSFER_ENCODING) || headers.first(HeaderNames.CONTENT_LENGTH).map(v -> !v.strip().equals("0")).orElse(false)) {
            watch(ctx, "body", bodyNanos);
        } else {
            requestRead();
        }
    }

    /** The current connection's request has been read (or will not be): no deadline until its next request line. */
    void requestRead() {
        deadlines.remove(Thread.currentThread());
    }

    private void watch(ConnectionContext ctx, String phase, long nanos) {
        deadlines.put(Thread.currentThread(), new Deadline(ctx, phase, System.nanoTime() + nanos));
    }

    private void sweep() {
        long now = System.nanoTime();
        deadlines.forEach((thread, deadline) -> {
            if (!thread.isAlive()) {
                deadlines.remove(thread, deadline);
            } else if (now - deadline.atNanos() > 0 && deadlines.remove(thread, deadline)) {
                LOG.fine(() -> "closing a connection from " + deadline.connection().remotePeer().address()
                        + ": its request " + deadline.phase() + " did not arrive in time");
                try {
                    deadline.connection().serverSocket().close();
                } catch (RuntimeException e) {
                    LOG.fine(() -> "closing a slow connection failed: " + e);
                }
            }
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
