package dev.helyos.kernel.server;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Notices when the API listener stops accepting and starts it again. Helidon ends a listener for
 * good on any error from accept (EMFILE, when descriptors run out), leaving the process alive and
 * deaf; the watch sees the refused connection, restarts the listener on the same port with back-off,
 * and when that keeps failing runs {@code onLost} (the daemon exits non-zero, so a supervisor
 * restarts it) rather than living on without an API.
 */
final class ListenerWatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ListenerWatch.class.getName());
    static final long PROBE_MILLIS = 1000;
    private static final int RESTART_ATTEMPTS = 6;

    /** Starts the listener again; true when it is accepting. */
    interface Restart {
        boolean restart() throws Exception;
    }

    private final InetSocketAddress probe;
    private final Restart restart;
    private final Runnable onLost;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "helyosd-listener-watch");
        t.setDaemon(true);
        return t;
    });

    ListenerWatch(String host, int port, Restart restart, Runnable onLost) {
        this.probe = new InetSocketAddress(probeHost(host), port);
        this.restart = restart;
        this.onLost = onLost;
        timer.scheduleWithFixedDelay(this::check, PROBE_MILLIS, PROBE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A wildcard bind is probed on loopback. */
    private static String probeHost(String host) {
        return switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]", "::0" -> "::1";
            default -> host;
        };
    }

    private void check() {
        if (accepting()) {
            return;
        }
        LOG.severe("the API listener on " + probe + " stopped accepting connections (Helidon ends it when accept fails, "
                + "e.g. with the open-file limit reached); starting it again");
        long backoff = 500;
        for (int attempt = 1; attempt <= RESTART_ATTEMPTS; attempt++) {
            try {
                if (restart.restart() && accepting()) {
                    LOG.warning("the API listener on " + probe + " is accepting again (attempt " + attempt + ")");
                    return;
                }
            } catch (Exception e) {
                LOG.log(Level.WARNING, "starting the API listener again failed (attempt " + attempt + "): " + e.getMessage());
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = Math.min(backoff * 2, 8000);
        }
        LOG.severe("the API listener on " + probe + " could not be started again after " + RESTART_ATTEMPTS
                + " attempts; helyosd is stopping");
        timer.shutdown();
        onLost.run();
    }

    /** Only a refused connection means the listener is gone; a full queue (timeout) means it is busy. */
    private boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(probe, 2000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
