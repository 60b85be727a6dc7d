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
 * writes, and hears it ahead of bytes a pause holds back (which come first after a resume); reading in place,
 * every read is a view of an off-heap buffer, a pause stops reading (nothing arrives until the resume) and the
 * end comes after every byte; a reset drops what is queued, the client sees a reset, and the socket's close
 * handler still runs.
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
    void readingInPlaceHandsOverOffHeapViewsAndAPauseStopsReadingUntilTheResume() throws Exception {
        int size = 8 << 20;
        int pauseAt = 1 << 20;
        int port = listen(socket -> {
            long[] received = {0};
            long[] sum = {0};
            int[] readWhilePaused = {0};
            boolean[] paused = {false};
            boolean[] allOffHeap = {true};
            SocketControl.readInPlace(socket, bytes -> {
                allOffHeap[0] &= bytes.isDirect();
                readWhilePaused[0] += paused[0] ? 1 : 0;
                received[0] += bytes.remaining();
                while (bytes.hasRemaining()) {
                    sum[0] += bytes.get() & 0xff;
                }
                if (received[0] >= pauseAt && received[0] - bytes.limit() < pauseAt) {
                    paused[0] = true;
                    socket.pause();
                    vertx.setTimer(300, id -> {
                        paused[0] = false;
                        socket.resume();
                    });
                }
            });
            SocketControl.onHalfClose(socket, () -> socket.end(Buffer.buffer(received[0] + " " + sum[0] + " "
                    + allOffHeap[0] + " " + readWhilePaused[0] + "\n")));
        });
        byte[] data = new byte[size];
        long sum = 0;
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31);
            sum += data[i] & 0xff;
        }
        try (Socket client = LoopbackClient.connect(port)) {
            client.getOutputStream().write(data);
            client.shutdownOutput();
            assertThat(LoopbackClient.readToEnd(client)).as("bytes, their sum, all off-heap, reads while paused")
                    .isEqualTo(size + " " + sum + " true 0\n");
        }
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
