package dev.helyos.kernel.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.plugin.api.ContainerRuntime;
import dev.helyos.plugin.api.ContainerRuntimeException;
import dev.helyos.plugin.api.LogFollow;
import dev.helyos.plugin.api.LogLine;
import dev.helyos.plugin.api.PodState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deployment's pod output as NDJSON, one {@code {"pod","replica_index","stream","text"}} object
 * per line: the last {@code tail} lines of each pod in index order, then (when following) every new
 * line of every pod as it comes, until the pods stop or the client goes away. A blank line is sent
 * when nothing was written for {@link #KEEP_ALIVE}, which is also how a gone client is noticed.
 */
final class LogStream {
    static final String CONTENT_TYPE = "application/x-ndjson";
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final Object END = new Object();

    private final ContainerRuntime engine;
    private final List<PodState> pods;
    private final int tail;
    private final boolean follow;
    private final ObjectMapper json;

    LogStream(ContainerRuntime engine, List<PodState> pods, int tail, boolean follow, ObjectMapper json) {
        this.engine = engine;
        this.pods = pods;
        this.tail = tail;
        this.follow = follow;
        this.json = json;
    }

    public void writeTo(OutputStream out) throws IOException {
        if (follow) {
            follow(out);
            return;
        }
        for (PodState pod : pods) {
            for (LogLine line : engine.logs(pod.id(), tail)) {
                write(out, pod, line);
            }
        }
        out.flush();
    }

    private void follow(OutputStream out) throws IOException {
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>(10_000);
        List<LogFollow> follows = new ArrayList<>();
        AtomicInteger open = new AtomicInteger();
        try {
            for (PodState pod : pods) {
                try {
                    LogFollow follow = engine.followLogs(pod.id(), tail, line -> offer(queue, Map.entry(pod, line)));
                    open.incrementAndGet();
                    follow.ended().whenComplete((ok, error) -> {
                        if (open.decrementAndGet() == 0) {
                            offer(queue, END);
                        }
                    });
                    follows.add(follow);
                } catch (ContainerRuntimeException e) {
                    if (e.reason() != ContainerRuntimeException.Reason.NOT_FOUND) {
                        throw e;
                    }
                }
            }
            if (follows.isEmpty()) {
                return;
            }
            out.flush();
            while (true) {
                Object next = queue.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                if (next == END) {
                    break;
                }
                if (next == null) {
                    out.write('\n');
                } else {
                    @SuppressWarnings("unchecked")
                    Map.Entry<PodState, LogLine> entry = (Map.Entry<PodState, LogLine>) next;
                    write(out, entry.getKey(), entry.getValue());
                    while ((next = queue.poll()) instanceof Map.Entry<?, ?>) {
                        @SuppressWarnings("unchecked")
                        Map.Entry<PodState, LogLine> more = (Map.Entry<PodState, LogLine>) next;
                        write(out, more.getKey(), more.getValue());
                    }
                    if (next == END) {
                        break;
                    }
                }
                out.flush();
            }
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            follows.forEach(LogFollow::close);
        }
    }

    /** A reader that cannot keep up loses lines rather than the daemon its memory. */
    private static void offer(BlockingQueue<Object> queue, Object item) {
        queue.offer(item);
    }

    private void write(OutputStream out, PodState pod, LogLine line) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("pod", pod.name());
        object.put("replica_index", PodView.index(pod));
        object.put("stream", line.stream() == LogLine.Stream.STDERR ? "stderr" : "stdout");
        object.put("text", line.text());
        out.write(json.writeValueAsBytes(object));
        out.write('\n');
    }
}
