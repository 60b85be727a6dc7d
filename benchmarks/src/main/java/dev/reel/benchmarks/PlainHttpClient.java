package dev.reel.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The cheapest HTTP/1.1 client the HTTP benchmarks could find: one keep-alive connection on a blocking socket, a
 * request written as one array, and an answer read into one reused buffer and thrown away (its length counted). It
 * understands what the servers measured here send: a {@code content-length} body or a chunked one. Its cost is a
 * write and a few reads per request, the same for Reel and for the limit it is compared with.
 */
final class PlainHttpClient implements AutoCloseable {
    private static final int BUFFER = 1 << 20;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER];
    /** Bytes of {@link #buffer} read from the socket and not yet consumed: {@code [position, limit)}. */
    private int position;
    private int limit;

    PlainHttpClient(int port) throws IOException {
        socket = RawLoopback.connect(port);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** The bytes of a {@code GET} of {@code path}, to send as they are. */
    static byte[] get(String path) {
        return ("GET " + path + " HTTP/1.1\r\nhost: 127.0.0.1\r\naccept: */*\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends a request made by {@link #get} and reads its whole answer.
     *
     * @return the length of the body (without chunk framing)
     * @throws IOException if the answer is not {@code 200}, or the connection ends before the answer does
     */
    long send(byte[] request) throws IOException {
        out.write(request);
        String status = line();
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IOException("expected 200, got: " + status);
        }
        long length = -1;
        boolean chunked = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring("content-length:".length()).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (!chunked) {
            if (length < 0) {
                throw new IOException("an answer with neither content-length nor chunks");
            }
            skip(length);
            return length;
        }
        long body = 0;
        for (long chunk = chunkSize(); chunk > 0; chunk = chunkSize()) {
            skip(chunk);
            if (!line().isEmpty()) {
                throw new IOException("a chunk longer than its size");
            }
            body += chunk;
        }
        for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
            // trailers: none expected, none needed
        }
        return body;
    }

    private long chunkSize() throws IOException {
        String line = line();
        int extension = line.indexOf(';');
        return Long.parseLong(extension < 0 ? line : line.substring(0, extension), 16);
    }

    /** One line of the head or of the chunk framing, without its CRLF. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (position == limit) {
                fill();
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
    }

    /** Consumes {@code count} bytes of body: what is buffered first, then straight reads into the buffer. */
    private void skip(long count) throws IOException {
        long left = count;
        while (left > 0) {
            if (position == limit) {
                fill();
            }
            int taken = (int) Math.min(left, limit - position);
            position += taken;
            left -= taken;
        }
    }

    private void fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            throw new EOFException("the server closed the connection in the middle of an answer");
        }
        position = 0;
        limit = n;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
