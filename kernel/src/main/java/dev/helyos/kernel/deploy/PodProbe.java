package dev.helyos.kernel.deploy;

import dev.helyos.kernel.config.Units;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Checks one running pod until it stops running: its health check ({@code GET path} on its first
 * port, 2xx or 3xx within {@code timeout}) when the spec has one, else that each published port
 * accepts a connection that the program behind it keeps open, and with no port either, that it has
 * kept running for {@link #MIN_RUN_WITHOUT_CHECK}. Until the first pass it checks every
 * {@link #STARTING_PACE}, so a fresh pod is ready as soon as it answers; then every {@code interval}.
 */
final class PodProbe implements Runnable {
    static final Duration STARTING_PACE = Duration.ofMillis(100);
    private static final Duration STEP = Duration.ofMillis(250);
    /** A starting program gets at least this long to begin listening (or interval × retries, if longer). */
    static final Duration MIN_START_ALLOWANCE = Duration.ofSeconds(30);
    /** Without a health check, how often a ready pod's ports are checked again. */
    static final Duration PORT_CHECK_INTERVAL = Duration.ofSeconds(5);
    /** A pod with no port and no health check is ready once it has run this long. */
    static final Duration MIN_RUN_WITHOUT_CHECK = Duration.ofSeconds(1);
    private static final Duration PORT_TIMEOUT = Duration.ofSeconds(2);
    /**
     * Docker's port proxy accepts a connection even when nothing listens in the container, then closes
     * it at once; a listening program keeps it open. So: connected and not closed within this = ready.
     */
    private static final Duration PORT_SETTLE = Duration.ofMillis(60);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final PodTracking pod;
    private final InetAddress host;
    private final DeploymentSpec.Healthcheck healthcheck;
    private final List<Integer> containerPorts;
    private final BooleanSupplier stillWanted;
    private final Runnable onChange;
    private final Clock clock;
    private final long run;

    /** @param host where the pod's ports are published */
    PodProbe(PodTracking pod, InetAddress host, long run, DeploymentSpec spec, BooleanSupplier stillWanted, Runnable onChange,
             Clock clock) {
        this.pod = pod;
        this.host = host;
        this.run = run;
        this.healthcheck = spec.healthcheck();
        this.containerPorts = spec.ports();
        this.stillWanted = stillWanted;
        this.onChange = onChange;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            while (stillWanted.getAsBoolean() && pod.runs(run)) {
                Result result = check(pod.ports());
                int retries = healthcheck == null ? 3 : healthcheck.retries();
                if (pod.runs(run) && pod.probed(result.ok, result.answered, result.problem, retries, startAllowance(),
                        clock.instant())) {
                    onChange.run();
                }
                sleep(pod.everReady() ? interval() : STARTING_PACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps in short steps, so that a probe of a run that ended does not linger. */
    private void sleep(Duration total) throws InterruptedException {
        long deadline = System.nanoTime() + total.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0 && pod.runs(run)) {
            Thread.sleep(Math.min(Duration.ofNanos(left).toMillis() + 1, STEP.toMillis()));
        }
    }

    /** How long a starting pod may not answer before it counts as unhealthy. */
    private Duration startAllowance() {
        if (healthcheck == null) {
            return null;
        }
        Duration checks = healthcheck.interval().multipliedBy(healthcheck.retries());
        return checks.compareTo(MIN_START_ALLOWANCE) > 0 ? checks : MIN_START_ALLOWANCE;
    }

    private Duration interval() {
        return healthcheck == null ? PORT_CHECK_INTERVAL : healthcheck.interval();
    }

    /** @param answered whether the program answered (an HTTP status), even if not well */
    private record Result(boolean ok, boolean answered, String problem) {
        static final Result OK = new Result(true, true, null);

        static Result failed(String problem) {
            return new Result(false, false, problem);
        }
    }

    private Result check(Map<Integer, Integer> hostPorts) {
        if (healthcheck != null) {
            if (containerPorts.isEmpty()) {
                return Result.failed("health check needs a port, and the spec has none");
            }
            return httpCheck(hostPorts.get(containerPorts.getFirst()));
        }
        if (containerPorts.isEmpty()) {
            // nothing to ask: a program that keeps running for a moment is taken as started
            Instant since = pod.runningSince();
            boolean settled = since != null && !clock.instant().isBefore(since.plus(MIN_RUN_WITHOUT_CHECK));
            return settled ? Result.OK : Result.failed("running for less than " + MIN_RUN_WITHOUT_CHECK.toMillis() + " ms");
        }
        for (int port : containerPorts) {
            Result r = portCheck(port, hostPorts.get(port));
            if (!r.ok) {
                return r;
            }
        }
        return Result.OK;
    }

    private Result httpCheck(Integer hostPort) {
        String what = "health check GET " + healthcheck.path();
        if (hostPort == null) {
            return Result.failed(what + ": port " + containerPorts.getFirst() + " is not published");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + hostLiteral() + ":" + hostPort + healthcheck.path()))
                .timeout(healthcheck.timeout())
                .GET()
                .build();
        try {
            int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 400 ? Result.OK : new Result(false, true, what + ": HTTP " + status);
        } catch (java.net.http.HttpTimeoutException e) {
            return new Result(false, true, what + ": no answer within " + Units.formatDuration(healthcheck.timeout()));
        } catch (java.net.ConnectException e) {
            return Result.failed(what + ": connection refused");
        } catch (IOException e) {
            // Docker's port proxy accepts, then closes when nothing listens inside: not answering yet
            return Result.failed(what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed(what + ": interrupted");
        }
    }

    private String hostLiteral() {
        return host instanceof java.net.Inet6Address ? "[" + host.getHostAddress() + "]" : host.getHostAddress();
    }

    private Result portCheck(int containerPort, Integer hostPort) {
        if (hostPort == null) {
            return Result.failed("port " + containerPort + " is not published");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, hostPort), (int) PORT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) PORT_SETTLE.toMillis());
            InputStream in = socket.getInputStream();
            try {
                return in.read() < 0 ? Result.failed("nothing listens on port " + containerPort) : Result.OK;
            } catch (SocketTimeoutException stillOpen) {
                return Result.OK;
            }
        } catch (IOException e) {
            return Result.failed("port " + containerPort + " refused the connection");
        }
    }
}
