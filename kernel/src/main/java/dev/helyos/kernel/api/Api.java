package dev.helyos.kernel.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Every endpoint of the daemon, declared in one place. Each is {@link Access#TOKEN} unless declared
 * public, so a new route is behind auth by default; the list is what tests enumerate to prove it.
 */
public final class Api {

    /**
     * Who may call an endpoint: anyone, a bearer token, or for metrics anyone when the API listens
     * on loopback and otherwise an API token or the metrics token.
     */
    public enum Access { PUBLIC, TOKEN, METRICS }

    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request) throws Exception;
    }

    public record Endpoint(String method, String path, Access access, Handler handler) {
    }

    private final List<Endpoint> endpoints = new ArrayList<>();

    public Api get(String path, Handler handler) {
        return add("GET", path, Access.TOKEN, handler);
    }

    public Api post(String path, Handler handler) {
        return add("POST", path, Access.TOKEN, handler);
    }

    public Api delete(String path, Handler handler) {
        return add("DELETE", path, Access.TOKEN, handler);
    }

    public Api publicGet(String path, Handler handler) {
        return add("GET", path, Access.PUBLIC, handler);
    }

    public Api metricsGet(String path, Handler handler) {
        return add("GET", path, Access.METRICS, handler);
    }

    private Api add(String method, String path, Access access, Handler handler) {
        endpoints.add(new Endpoint(method, path, access, handler));
        return this;
    }

    public List<Endpoint> endpoints() {
        return List.copyOf(endpoints);
    }
}
