package dev.reel.transport.http.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import dev.reel.catalog.CatalogException;
import dev.reel.rrd.RrdFormatException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a gRPC call with one request message is served on the HTTP port: the request is read whole and parsed, the
 * work runs on a worker thread (it reads the catalog's database and files), and its answer goes back as one message
 * or as a stream. A stream's messages leave in order with at most {@link #STREAM_WINDOW_BYTES} not yet written to
 * the socket: a slow reader slows the worker down instead of filling memory, one that leaves stops it. Failures
 * become gRPC statuses with a message, and an error before any message is answered trailers-only (the status in
 * the HTTP headers), which is what Rerun's viewer needs to read it at call time.
 */
final class GrpcAnswers {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcAnswers.class);
    /** Bytes of a stream's messages that may be on their way to the socket at once. */
    static final int STREAM_WINDOW_BYTES = 8 << 20;
    private static final long STALLED_SECONDS = 300;

    /** A status and the message that explains it. */
    static final class GrpcFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final GrpcStatus status;

        GrpcFailure(GrpcStatus status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        GrpcStatus status() {
            return status;
        }
    }

    /** Work that answers one message. */
    interface Unary<Q> {
        MessageLite answer(Q request) throws Exception;
    }

    /** Work that answers a stream of messages through {@code out}. */
    interface Streaming<Q> {
        void answer(Q request, Out out) throws Exception;
    }

    /** Where a stream's messages go; {@link #send} blocks the worker while the window is full. */
    interface Out {
        default void send(MessageLite message) {
            send(message.toByteArray());
        }

        /** A message already encoded. */
        void send(byte[] message);
    }

    private final Vertx vertx;

    GrpcAnswers(Vertx vertx) {
        this.vertx = vertx;
    }

    static GrpcFailure unimplemented(String message) {
        return new GrpcFailure(GrpcStatus.UNIMPLEMENTED, message);
    }

    static GrpcFailure invalidArgument(String message) {
        return new GrpcFailure(GrpcStatus.INVALID_ARGUMENT, message);
    }

    static GrpcFailure notFound(String message) {
        return new GrpcFailure(GrpcStatus.NOT_FOUND, message);
    }

    <Q> void unary(GrpcServerRequest<Buffer, Buffer> call, Parser<Q> parser, Unary<Q> work) {
        withRequest(call, parser, request -> vertx.<MessageLite>executeBlocking(() -> work.answer(request), false)
                .onSuccess(answer -> call.response().end(Buffer.buffer(answer.toByteArray())))
                .onFailure(failure -> fail(call, failure)));
    }

    <Q> void streaming(GrpcServerRequest<Buffer, Buffer> call, Parser<Q> parser, Streaming<Q> work) {
        withRequest(call, parser, request -> {
            Context context = vertx.getOrCreateContext();
            StreamOut out = new StreamOut(context, call.response());
            call.response().exceptionHandler(e -> out.cancelled = true);
            call.errorHandler(e -> out.cancelled = true);
            vertx.<Void>executeBlocking(() -> {
                work.answer(request, out);
                return null;
            }, false).onComplete(done -> context.runOnContext(v -> {
                if (done.succeeded()) {
                    call.response().end();
                } else if (!(done.cause() instanceof CancellationException)) {
                    fail(call, done.cause());
                }
            }));
        });
    }

    /** Reads the request's one message, then hands it on parsed; a malformed one is answered here. */
    private static <Q> void withRequest(GrpcServerRequest<Buffer, Buffer> call, Parser<Q> parser,
            java.util.function.Consumer<Q> next) {
        Buffer[] received = new Buffer[1];
        call.handler(message -> received[0] = message);
        call.endHandler(v -> {
            Q request;
            try {
                request = parser.parseFrom(received[0] == null ? new byte[0] : received[0].getBytes());
            } catch (InvalidProtocolBufferException e) {
                fail(call, invalidArgument("the request is not a valid message: " + e.getMessage()));
                return;
            }
            next.accept(request);
        });
    }

    /** Answers a failure as its gRPC status. */
    static void fail(GrpcServerRequest<Buffer, Buffer> call, Throwable failure) {
        GrpcServerResponse<Buffer, Buffer> response = call.response();
        GrpcStatus status;
        String message = failure.getMessage();
        if (failure instanceof GrpcFailure known) {
            status = known.status();
        } else if (failure instanceof CatalogException known) {
            status = switch (known.kind()) {
                case BAD_REQUEST -> GrpcStatus.INVALID_ARGUMENT;
                case FORBIDDEN -> GrpcStatus.PERMISSION_DENIED;
                case NOT_FOUND -> GrpcStatus.NOT_FOUND;
                case ALREADY_EXISTS -> GrpcStatus.ALREADY_EXISTS;
                case FAILED_PRECONDITION -> GrpcStatus.FAILED_PRECONDITION;
                case INTERNAL -> GrpcStatus.INTERNAL;
            };
        } else if (failure instanceof IllegalArgumentException || failure instanceof RrdFormatException) {
            status = GrpcStatus.INVALID_ARGUMENT;
        } else {
            LOG.error("gRPC {} failed", call.fullMethodName(), failure);
            status = GrpcStatus.INTERNAL;
            message = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        }
        LOG.debug("gRPC {}: {} {}", call.fullMethodName(), status, message);
        try {
            response.status(status).statusMessage(message == null ? status.name() : message).end();
        } catch (IllegalStateException alreadyEnded) {
            LOG.debug("gRPC {}: the answer had ended before {}", call.fullMethodName(), status);
        }
    }

    /** A stream's messages, written on the call's context as the window lets them. */
    private static final class StreamOut implements Out {
        private final Context context;
        private final GrpcServerResponse<Buffer, Buffer> response;
        private final Semaphore window = new Semaphore(STREAM_WINDOW_BYTES);
        volatile boolean cancelled;

        StreamOut(Context context, GrpcServerResponse<Buffer, Buffer> response) {
            this.context = context;
            this.response = response;
        }

        @Override
        public void send(byte[] message) {
            Buffer bytes = Buffer.buffer(message);
            int permits = Math.min(bytes.length(), STREAM_WINDOW_BYTES);
            try {
                if (cancelled || !window.tryAcquire(permits, STALLED_SECONDS, TimeUnit.SECONDS)) {
                    throw new CancellationException("the caller stopped reading");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            }
            if (cancelled) {
                throw new CancellationException("the caller went away");
            }
            context.runOnContext(v -> response.write(bytes).onComplete(done -> {
                window.release(permits);
                if (done.failed()) {
                    cancelled = true;
                }
            }));
        }
    }
}
