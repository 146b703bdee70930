package dev.helyos.kernel.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain TCP connection to the API that sends exactly the bytes a test gives, as a misbehaving client would. */
final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    RawConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(100);
    }

    RawConnection send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    RawConnection send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** How long until the server closed the connection, reading whatever it answered; null if still open after {@code limit}. */
    Duration closedWithin(Duration limit) throws IOException {
        long start = System.nanoTime();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        while (System.nanoTime() - start < limit.toNanos()) {
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
                received.write(buffer, 0, n);
            } catch (SocketTimeoutException e) {
                // still open
            } catch (SocketException e) {
                return Duration.ofNanos(System.nanoTime() - start); // reset by the server
            }
        }
        return null;
    }

    /** Reads for {@code wait}, then returns everything received so far. */
    String answer(Duration wait) throws IOException {
        closedWithin(wait);
        return received();
    }

    String received() {
        return received.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
