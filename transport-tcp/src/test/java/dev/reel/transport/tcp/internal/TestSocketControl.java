package dev.reel.transport.tcp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pins what {@link SocketControl} relies on in Vert.x's internals, on real sockets: a Vert.x upgrade that
 * changes it fails here. Without it, Vert.x closes a connection when the client half-closes (so a producer
 * could never read its answer); with it, the server hears the end of input on the socket's context and still
 * writes, and hears it ahead of bytes a pause holds back (which come first after a resume); a reset drops what is queued, the client sees a reset, and the socket's close handler still runs.
 */
class TestSocketControl {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void closeVertx() {
        Await.result(vertx.close());
    }

    @Test
    void withoutItVertxClosesTheConnectionWhenTheClientHalfCloses() throws Exception {
        int port = listen(socket -> {
            socket.handler(bytes -> { });
            socket.endHandler(v -> socket.end(Buffer.buffer("too late\n")));
        });
        try (Socket client = LoopbackClient.connect(port)) {
            client.getOutputStream().write(new byte[100]);
            client.shutdownOutput();
            assertThat(LoopbackClient.readToEndOrReset(client)).isEmpty();
        }
    }

    @Test
    void afterTheClientHalfClosesTheServerHearsItOnTheSocketsContextAndStillAnswers() throws Exception {
        Promise<Boolean> onTheSocketsContext = Promise.promise();
        int port = listen(socket -> {
            Context context = Vertx.currentContext();
            Buffer received = Buffer.buffer();
            socket.handler(received::appendBuffer);
            SocketControl.onHalfClose(socket, () -> {
                onTheSocketsContext.tryComplete(Vertx.currentContext() == context);
                socket.end(Buffer.buffer("read " + received.length() + " bytes\n"));
            });
        });
        try (Socket client = LoopbackClient.connect(port)) {
            client.getOutputStream().write(new byte[100_000]);
            client.shutdownOutput();
            assertThat(LoopbackClient.readToEnd(client)).isEqualTo("read 100000 bytes\n");
        }
        assertThat(Await.result(onTheSocketsContext.future())).isTrue();
    }

    @Test
    void theEndOfInputOvertakesBytesHeldBackByAPauseWhichComeFirstAfterResume() throws Exception {
        Promise<Integer> heldBack = Promise.promise();
        int port = listen(socket -> {
            Buffer received = Buffer.buffer();
            socket.pause();
            socket.handler(received::appendBuffer);
            SocketControl.onHalfClose(socket, () -> {
                heldBack.tryComplete(received.length());
                socket.resume();
                vertx.runOnContext(v -> socket.end(Buffer.buffer("read " + received.length() + " bytes\n")));
            });
        });
        try (Socket client = LoopbackClient.connect(port)) {
            client.getOutputStream().write(new byte[1000]);
            client.shutdownOutput();
            assertThat(LoopbackClient.readToEnd(client)).isEqualTo("read 1000 bytes\n");
        }
        assertThat(Await.result(heldBack.future())).as("bytes handed over when the end was signalled").isZero();
    }

    @Test
    void aResetDropsWhatIsQueuedAndTheCloseHandlerStillRuns() throws Exception {
        int queued = 32 << 20;
        Promise<Void> reset = Promise.promise();
        Promise<Void> closed = Promise.promise();
        int port = listen(socket -> {
            socket.closeHandler(v -> closed.tryComplete());
            // far more than the socket buffers hold: most of it is still queued in Vert.x when the reset comes
            Buffer chunk = Buffer.buffer(new byte[1 << 20]);
            for (int i = 0; i < queued >> 20; i++) {
                socket.write(chunk);
            }
            SocketControl.reset(socket);
            reset.complete();
        });
        try (Socket client = LoopbackClient.connect(port)) {
            Await.result(reset.future());
            InputStream in = client.getInputStream();
            long[] read = {0};
            assertThatThrownBy(() -> {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    read[0] += n;
                }
            }).isInstanceOf(SocketException.class).hasMessageContaining("reset");
            assertThat(read[0]).as("bytes the client got").isLessThan(queued);
        }
        Await.result(closed.future());
    }

    private int listen(Handler<NetSocket> connected) {
        NetServer server = vertx.createNetServer().connectHandler(connected);
        return Await.result(server.listen(0, "127.0.0.1")).actualPort();
    }
}
