package dev.helyos.plugins.proxy.nginx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain HTTP/1.1 request with the Host header a domain would send, and what came back. */
final class Http {
    private Http() {
    }

    record Response(int status, String location, String body) {
    }

    static Response get(int port, String host, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(9, 12));
            String location = null;
            for (String line : answer.split("\r\n")) {
                if (line.toLowerCase().startsWith("location:")) {
                    location = line.substring(9).strip();
                }
                if (line.isEmpty()) {
                    break;
                }
            }
            int bodyAt = answer.indexOf("\r\n\r\n");
            String body = bodyAt < 0 ? "" : answer.substring(bodyAt + 4);
            return new Response(status, location, body);
        }
    }
}
