package dev.helyos.kernel.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.kernel.api.Api;
import dev.helyos.kernel.api.ApiException;
import dev.helyos.kernel.api.ApiRequest;
import dev.helyos.kernel.api.ApiResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/v1/events[?since=ID][&type=T]}: the kept events as JSON; with {@code follow=true}
 * a Server-Sent Events stream of them and then of every new one, resumed after {@code since} or the
 * {@code Last-Event-ID} a reconnecting client sends.
 */
public final class EventEndpoints {
    static final String SSE = "text/event-stream";
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final int QUEUE = 10_000;

    private EventEndpoints() {
    }

    public static void register(Api api, EventLog log, ObjectMapper json) {
        api.get("/api/v1/events", request -> {
            long since = since(request);
            String type = type(request);
            if (!request.query("follow").map(Boolean::parseBoolean).orElse(false)) {
                return ApiResponse.ok(log.list(since, type));
            }
            return ApiResponse.stream(SSE, out -> stream(out, log, json, since, type));
        });
    }

    private static long since(ApiRequest request) {
        String value = request.query("since").or(() -> request.header("Last-Event-ID")).orElse("0").strip();
        try {
            long since = Long.parseLong(value);
            if (since >= 0) {
                return since;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("since must be an event id (a whole number, 0 or more), got '" + ApiException.shorten(value) + "'");
    }

    private static String type(ApiRequest request) {
        String type = request.query("type").map(String::strip).filter(t -> !t.isEmpty()).orElse(null);
        if (type != null && !EventLog.TYPES.contains(type)) {
            throw ApiException.badRequest("type must be one of cert, route, pod, deploy, proxy; got '" + ApiException.shorten(type) + "'");
        }
        return type;
    }

    /** The backlog after {@code since}, then new events as they come, with a comment line now and then so a gone client is noticed. */
    private static void stream(OutputStream out, EventLog log, ObjectMapper json, long since, String type) throws IOException {
        BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE);
        boolean[] overflow = {false};
        try (AutoCloseable subscription = log.subscribe(e -> {
            if (!queue.offer(e)) {
                overflow[0] = true;
            }
        })) {
            long last = since;
            for (Event event : log.list(since, type)) {
                write(out, json, event);
                last = event.id();
            }
            out.flush();
            while (!overflow[0]) {
                Event event = queue.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                if (event == null) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII));
                } else if (event.id() > last && (type == null || event.type().equals(type))) {
                    write(out, json, event);
                    last = event.id();
                }
                out.flush();
            }
            // a client too slow for the daemon: end the stream; it reconnects with Last-Event-ID
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static void write(OutputStream out, ObjectMapper json, Event event) throws IOException {
        String text = "id: " + event.id() + "\nevent: " + event.type() + "." + event.action() + "\ndata: "
                + json.writeValueAsString(event) + "\n\n";
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
