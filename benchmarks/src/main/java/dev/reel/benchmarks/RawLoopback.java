package dev.reel.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/**
 * The limit of the TCP benchmarks: a plain blocking {@link ServerSocket} on loopback, one thread, no framing and
 * no decoding. Either it reads and discards every connection until the peer closes its side (then closes its
 * own, which is how a sender learns that everything arrived), or it relays: the first connection's bytes are
 * copied to the second connection as they arrive.
 */
final class RawLoopback implements AutoCloseable {
    /** Matches the Reel TCP server's receive buffer. */
    static final int RECEIVE_BUFFER = 1 << 20;
    private static final int READ_BUFFER = 1 << 20;

    private final ServerSocket server;
    private final Thread thread;

    private RawLoopback(ServerSocket server, Runnable loop, String name) {
        this.server = server;
        this.thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static ServerSocket listen() throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReceiveBufferSize(RECEIVE_BUFFER);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return server;
    }

    /** Reads every connection to its end and discards the bytes, one connection at a time. */
    static RawLoopback discarding() throws IOException {
        ServerSocket server = listen();
        return new RawLoopback(server, () -> {
            byte[] buffer = new byte[READ_BUFFER];
            while (!server.isClosed()) {
                try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
                    while (in.read(buffer) >= 0) {
                        // discard
                    }
                } catch (SocketException closed) {
                    return;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }, "raw-loopback-discard");
    }

    /** Accepts two connections, then copies what the first sends to the second until either closes. */
    static RawLoopback relaying() throws IOException {
        ServerSocket server = listen();
        return new RawLoopback(server, () -> {
            byte[] buffer = new byte[64 << 10];
            try (Socket from = server.accept(); Socket to = server.accept()) {
                from.setTcpNoDelay(true);
                to.setTcpNoDelay(true);
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } catch (SocketException closed) {
                // the benchmark is over
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "raw-loopback-relay");
    }

    int port() {
        return server.getLocalPort();
    }

    /** A client connection as {@code RrdTcpClient} opens them (no Nagle delay). */
    static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        return socket;
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
