package dev.reel.transport.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/** Talks to a Reel server's TCP port with plain sockets: sends {@code .rrd} files, subscribes to the live stream. */
public final class RrdTcpClient {
    /** How long a producer waits for the server's answer once it has sent everything. */
    static final int ANSWER_TIMEOUT_MS = 120_000;

    private RrdTcpClient() {}

    /**
     * Sends an {@code .rrd} file as it is (the server decodes and checks it), reporting progress in bytes, then
     * half-closes and returns the server's answer: OK with what it stored, or why it refused the stream. A
     * refused stream is an answer, not an exception; an exception means the server could not be reached or did
     * not answer.
     */
    public static StreamReceipt sendFile(Path file, String host, int port, LongConsumer progress) throws IOException {
        try (Socket socket = connect(host, port); InputStream in = Files.newInputStream(file)) {
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[1 << 16];
            long sent = 0;
            int n;
            try {
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    sent += n;
                    progress.accept(sent);
                }
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // the server may have refused the stream and closed: its answer says why
                socket.setSoTimeout(1_000);
                try {
                    return StreamReceipt.read(socket.getInputStream());
                } catch (IOException noAnswer) {
                    e.addSuppressed(noAnswer);
                    throw e;
                }
            }
            socket.setSoTimeout(ANSWER_TIMEOUT_MS);
            return StreamReceipt.read(socket.getInputStream());
        }
    }

    /**
     * Subscribes to the live stream (all recordings, or one when both ids are given); the returned stream is a
     * valid {@code .rrd} stream that ends when the connection closes.
     */
    public static Socket subscribe(String host, int port, String applicationId, String recordingId) throws IOException {
        Socket socket = connect(host, port);
        String line = applicationId == null ? "SUBSCRIBE\n" : "SUBSCRIBE " + applicationId + " " + recordingId + "\n";
        socket.getOutputStream().write(line.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return socket;
    }

    private static Socket connect(String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        return socket;
    }
}
