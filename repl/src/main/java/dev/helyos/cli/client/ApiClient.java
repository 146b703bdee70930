package dev.helyos.cli.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * The helyosd REST API over {@link HttpURLConnection} (it loads a fraction of the classes
 * {@code java.net.http.HttpClient} does, and the CLI starts on every command). Answers are plain
 * Java values; failures are {@link ApiException}s that say what to do.
 */
public final class ApiClient {
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 60_000;

    private final String server;
    private final String token;
    private final Trust trust;
    private SSLSocketFactory sockets;

    public ApiClient(String server, String token, Trust trust) {
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.token = token;
        this.trust = trust;
    }

    public String server() {
        return server;
    }

    public Object get(String path) {
        return send("GET", path, null);
    }

    public Object post(String path, Object body) {
        return send("POST", path, body);
    }

    public Object delete(String path) {
        return send("DELETE", path, null);
    }

    /** Sends a request; 2xx answers are parsed JSON (null for an empty body). */
    public Object send(String method, String path, Object body) {
        byte[] bytes = body == null ? null : Json.write(body, false).getBytes(StandardCharsets.UTF_8);
        return exchange(method, path, "application/json", bytes).json();
    }

    /** A 2xx answer: its status and parsed JSON body (null when empty). */
    public record Answer(int status, Object json) {
    }

    /** Sends {@code body} as {@code contentType} (a YAML document, say) and keeps the answer's status. */
    public Answer exchange(String method, String path, String contentType, byte[] body) {
        return call(path, READ_TIMEOUT_MS, method, contentType, body, conn -> {
            String text = new String(conn.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(conn.getResponseCode(), text.isBlank() ? null : Json.parse(text));
        });
    }

    /**
     * GETs {@code path} and hands each line of the answer to {@code onLine} as it arrives, until the
     * server ends it; no read timeout (a followed log may be quiet for long).
     */
    public void streamLines(String path, Consumer<String> onLine) {
        call(path, 0, "GET", null, null, conn -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    onLine.accept(line);
                }
            }
            return null;
        });
    }

    private interface Reader<T> {
        T read(HttpURLConnection conn) throws IOException;
    }

    private <T> T call(String path, int readTimeoutMs, String method, String contentType, byte[] body, Reader<T> reader) {
        HttpURLConnection conn = null;
        try {
            conn = (HttpURLConnection) URI.create(server + path).toURL().openConnection();
            if (conn instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(sockets());
                if (trust instanceof Trust.Insecure) {
                    https.setHostnameVerifier((host, session) -> true);
                }
            }
            conn.setConnectTimeout(CONNECT_TIMEOUT_MS);
            conn.setReadTimeout(readTimeoutMs);
            conn.setRequestMethod(method);
            conn.setRequestProperty("Accept", "application/json");
            if (token != null) {
                conn.setRequestProperty("Authorization", "Bearer " + token);
            }
            if (body != null) {
                conn.setDoOutput(true);
                conn.setRequestProperty("Content-Type", contentType);
                conn.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = conn.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = conn.getResponseCode();
            if (status >= 400) {
                InputStream in = conn.getErrorStream();
                String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                throw ApiException.fromResponse(status, text, server);
            }
            return reader.read(conn);
        } catch (IOException e) {
            throw failure(e, path);
        } catch (IllegalArgumentException e) {
            throw new ApiException(0, "invalid server URL '" + server + "': " + e.getMessage(), "use a URL like https://host:6443");
        } finally {
            if (conn != null) {
                conn.disconnect();
            }
        }
    }

    /** What a failed exchange tells the user; {@link Interrupted} when Ctrl-C closed it (the thread was interrupted). */
    private RuntimeException failure(IOException e, String path) {
        if (Thread.currentThread().isInterrupted()) {
            return new Interrupted();
        }
        if (e instanceof SSLException) {
            return new ApiException(0, "TLS handshake with " + server + " failed: " + e.getMessage(),
                    trust instanceof Trust.PinnedCa
                            ? "the server's certificate is not signed by the CA pinned for this context; if the daemon's CA changed, run helyos login again"
                            : "log in with the daemon's CA pinned: helyos login " + server + " --ca-fingerprint <sha256 printed by helyosd>");
        }
        if (e instanceof ConnectException || e instanceof UnknownHostException || e instanceof java.net.SocketTimeoutException) {
            return new ApiException(0, "cannot reach helyosd at " + server + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")",
                    "start the daemon with scripts/helyosd, or point the CLI at it with --server URL / HELYOS_SERVER");
        }
        return new ApiException(0, "request to " + server + path + " failed: " + e.getMessage(),
                "check that " + server + " is a helyosd API address");
    }

    private SSLSocketFactory sockets() throws IOException {
        if (sockets == null) {
            try {
                sockets = Trust.sslContext(trust).getSocketFactory();
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot set up TLS trust: " + e.getMessage(), e);
            }
        }
        return sockets;
    }

    /** An API error answer, or a failure to talk to the API at all ({@code status} 0). */
    public static final class ApiException extends RuntimeException {
        private final int status;
        private final String hint;

        public ApiException(int status, String message, String hint) {
            super(message);
            this.status = status;
            this.hint = hint;
        }

        static ApiException fromResponse(int status, String body, String server) {
            String message = null;
            try {
                if (Json.parse(body) instanceof Map<?, ?> map && map.get("error") instanceof String s) {
                    message = s;
                }
            } catch (IllegalArgumentException e) {
                // not the API's JSON error shape: fall back to the status
            }
            if (message == null) {
                message = "HTTP " + status + " from " + server;
            }
            String hint = switch (status) {
                case 401 -> "log in again (helyos login " + server + ") or pass a valid token with --token / HELYOS_API_TOKEN";
                case 403 -> "this token's scope does not allow it; use an admin token";
                case 404 -> "check the name (list what exists first)";
                case 409 -> "it already exists or is in use; pick another name or remove the old one";
                default -> status >= 500 ? "see the helyosd log" : "check the values you passed";
            };
            return new ApiException(status, message, hint);
        }

        public int status() {
            return status;
        }

        public String hint() {
            return hint;
        }
    }
}
