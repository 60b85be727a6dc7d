package dev.reel.transport.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.StoreId;
import dev.reel.api.bus.LogFrame;
import dev.reel.rrd.GrpcLogMsg;
import dev.reel.rrd.RrdFrame;
import dev.reel.store.StoreHub;
import dev.reel.testing.LeakCheckingAllocator;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rerun's proxy service against grpc-java, a gRPC implementation independent of the server's (Vert.x), over
 * native HTTP/2 without TLS as Rerun's SDKs connect (rerun-rrd-format.md §7.1): a client-streaming
 * {@code WriteMessages} logs a recording; a server-streaming {@code ReadMessages} returns it, store info first;
 * a method Reel does not serve fails with {@code UNIMPLEMENTED}.
 */
class TestGrpcJavaInterop {
    private static final StoreId RUN = StoreId.recording("grpc_java", "run-1");
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    private RunningHttpTransport server;
    private StoreHub hub;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        server = RunningHttpTransport.start(arrow.allocator(), Map.of());
        hub = server.hub();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        server.close();
    }

    private static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.newBuilder(BYTES, BYTES).setType(type)
                .setFullMethodName(MessageProxy.SERVICE + "/" + name).build();
    }

    @Test
    void grpcJavaWritesARecordingAndReadsItBack() throws Exception {
        List<LogFrame> frames = TestHttpRecordingStreams.frames(TestHttpRecordingStreams.recording(RUN, 0, 60));
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        StreamObserver<byte[]> writer = ClientCalls.asyncClientStreamingCall(channel.newCall(
                method("WriteMessages", MethodDescriptor.MethodType.CLIENT_STREAMING), CallOptions.DEFAULT),
                new StreamObserver<>() {
                    @Override
                    public void onNext(byte[] value) {
                        answer.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        answer.complete(new byte[0]);
                    }
                });
        for (LogFrame frame : frames) {
            writer.onNext(GrpcLogMsg.wrap(frame));
        }
        writer.onCompleted();
        assertThat(answer.get(30, TimeUnit.SECONDS)).as("an empty WriteMessagesResponse").isEmpty();
        assertThat(hub.summary(RUN).orElseThrow().stats().rows()).isEqualTo(61);

        // a live call never ends by itself: read until the recording's rows are in, within a deadline
        ClientCall<byte[], byte[]> call = channel.newCall(
                method("ReadMessages", MethodDescriptor.MethodType.SERVER_STREAMING),
                CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
        Iterator<byte[]> messages = ClientCalls.blockingServerStreamingCall(call, new byte[0]);
        List<RrdFrame> read = new ArrayList<>();
        while (TestHttpRecordingStreams.rows(read, RUN) < 61) {
            read.add(GrpcLogMsg.unwrap(messages.next(), "grpc-java", read.size()));
        }
        call.cancel("read everything", null);
        assertThat(read.get(0).kind()).as("a store info first").isEqualTo(1);
    }

    @Test
    void aMethodReelDoesNotServeIsUnimplemented() {
        ClientCall<byte[], byte[]> call = channel.newCall(
                method("ReadTables", MethodDescriptor.MethodType.SERVER_STREAMING),
                CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
        Iterator<byte[]> messages = ClientCalls.blockingServerStreamingCall(call, new byte[0]);
        try {
            messages.hasNext();
            throw new AssertionError("expected UNIMPLEMENTED");
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
        }
    }
}
