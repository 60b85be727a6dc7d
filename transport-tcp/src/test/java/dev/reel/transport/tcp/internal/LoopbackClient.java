package dev.reel.transport.tcp.internal;

import dev.reel.testing.Await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** A client of the TCP port on plain sockets, as {@code nc} or {@code reel send} is; reads are bounded. */
final class LoopbackClient {
    private LoopbackClient() {}

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) Await.TIMEOUT.toMillis());
        socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
        return socket;
    }

    /** Sends a stream as a producer does (all of it, then half-closes) and returns all the server wrote back. */
    static String send(int port, byte[] stream) throws IOException {
        try (Socket socket = connect(port)) {
            socket.getOutputStream().write(stream);
            socket.shutdownOutput();
            return readToEnd(socket);
        }
    }

    /** The answer to a producer that sent {@code stream} whole: {@code OK <messages> <bytes>}. */
    static String okAnswer(byte[] stream) throws IOException {
        return "OK " + Recordings.frames(stream).size() + " " + stream.length + "\n";
    }

    /** Everything the server writes until it closes the connection. */
    static String readToEnd(Socket socket) throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Like {@link #readToEnd}, but a connection reset reads as the end. */
    static String readToEndOrReset(Socket socket) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = socket.getInputStream().read(buffer)) >= 0) {
                text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (SocketException reset) {
            // the server closed with input unread: the kernel answers with a reset
        }
        return text.toString();
    }
}
