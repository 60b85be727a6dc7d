package dev.reel.benchmarks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Rerun SDK's side of {@code MessageProxyService/WriteMessages}: a native gRPC client (HTTP/2 without TLS, prior
 * knowledge) on its own Vert.x instance, writing each message as soon as the server's flow control lets it. It holds
 * the HTTP client itself: Vert.x closes an HTTP client that is no longer referenced, and the gRPC client alone does
 * not keep it referenced.
 */
final class ProxyWriter implements AutoCloseable {
    static final String WRITE_MESSAGES = "rerun.sdk_comms.v1alpha1.MessageProxyService/WriteMessages";
    private static final long TIMEOUT_SECONDS = 120;

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = vertx.createHttpClient(new HttpClientOptions()
            .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
    private final GrpcClient grpc = GrpcClient.client(vertx, http);
    private final SocketAddress server;

    ProxyWriter(int port) {
        server = SocketAddress.inetSocketAddress(port, "127.0.0.1");
    }

    /**
     * Opens a call and writes every message; returns once the last one is handed to the connection, the call still
     * open (a live logger's stays open while it logs).
     */
    Call write(List<Buffer> messages) throws Exception {
        CompletableFuture<GrpcClientRequest<Buffer, Buffer>> written = new CompletableFuture<>();
        grpc.request(server).onComplete(opened -> {
            if (opened.failed()) {
                written.completeExceptionally(opened.cause());
                return;
            }
            GrpcClientRequest<Buffer, Buffer> call = opened.result();
            call.fullMethodName(WRITE_MESSAGES);
            call.exceptionHandler(written::completeExceptionally);
            new Pump(call, messages, written).run();
        });
        return new Call(await(written));
    }

    /** Writes on the connection's event loop while its queue has room, then again when it drains. */
    private static final class Pump implements Runnable {
        private final GrpcClientRequest<Buffer, Buffer> call;
        private final List<Buffer> messages;
        private final CompletableFuture<GrpcClientRequest<Buffer, Buffer>> written;
        private int next;

        Pump(GrpcClientRequest<Buffer, Buffer> call, List<Buffer> messages,
                CompletableFuture<GrpcClientRequest<Buffer, Buffer>> written) {
            this.call = call;
            this.messages = messages;
            this.written = written;
        }

        @Override
        public void run() {
            while (next < messages.size() && !call.writeQueueFull()) {
                call.write(messages.get(next++));
            }
            if (next < messages.size()) {
                call.drainHandler(v -> run());
            } else {
                written.complete(call);
            }
        }
    }

    /** An open {@code WriteMessages} call whose messages are all written. */
    static final class Call {
        private final GrpcClientRequest<Buffer, Buffer> request;

        private Call(GrpcClientRequest<Buffer, Buffer> request) {
            this.request = request;
        }

        /** Ends the call and waits for the server's answer, which it sends once the store has every message. */
        void finish() throws Exception {
            request.end();
            Future<GrpcStatus> status = request.response().compose(response -> response.end()
                    .map(v -> response.status()));
            GrpcStatus answer = await(status.toCompletionStage().toCompletableFuture());
            if (answer != GrpcStatus.OK) {
                throw new IllegalStateException("WriteMessages ended with " + answer);
            }
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from the gRPC server in " + TIMEOUT_SECONDS + " s", e);
        }
    }

    /** One step at a time: a step composed on the last would complete on an event loop that is already gone. */
    @Override
    public void close() throws Exception {
        await(grpc.close().toCompletionStage().toCompletableFuture());
        await(http.close().toCompletionStage().toCompletableFuture());
        await(vertx.close().toCompletionStage().toCompletableFuture());
    }
}
