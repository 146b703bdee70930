package dev.helyos.kernel.acme;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** curl against an HTTPS site over and over in the background, keeping every request that did not get a 200. */
final class CurlLoad {
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread thread;
    private volatile boolean done;

    private CurlLoad(Path root, String domain, int port, Duration pause) {
        thread = Thread.ofVirtual().start(() -> {
            while (!done) {
                try {
                    Curl answer = Curl.https(root, domain, port);
                    if (answer.status() != 200) {
                        failures.add(Instant.now() + " " + answer);
                    }
                    requests.incrementAndGet();
                    Thread.sleep(pause.toMillis());
                } catch (Exception e) {
                    failures.add(Instant.now() + " " + e);
                }
            }
        });
    }

    /** @param pause between one answer and the next request */
    static CurlLoad start(Path root, String domain, int port, Duration pause) {
        return new CurlLoad(root, domain, port, pause);
    }

    /** Stops after the request in flight; returns the failed ones, each with when it ended. */
    List<String> stop() throws InterruptedException {
        done = true;
        thread.join();
        return List.copyOf(failures);
    }

    int requests() {
        return requests.get();
    }
}
