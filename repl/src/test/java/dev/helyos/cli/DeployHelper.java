package dev.helyos.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Raw API calls for test setup, so a test of one command does not depend on another. */
final class DeployHelper {
    private DeployHelper() {
    }

    static int post(LiveDaemon d, String path, String yaml) {
        return send(d, HttpRequest.newBuilder(URI.create(d.url() + path)).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)));
    }

    static int delete(LiveDaemon d, String path) {
        return send(d, HttpRequest.newBuilder(URI.create(d.url() + path)).DELETE());
    }

    private static int send(LiveDaemon d, HttpRequest.Builder request) {
        try {
            return HttpClient.newHttpClient().send(request.header("Authorization", "Bearer " + d.token).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
