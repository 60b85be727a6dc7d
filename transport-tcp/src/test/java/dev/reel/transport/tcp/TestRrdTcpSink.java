package dev.reel.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.rrd.RrdReader;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.testing.LeakCheckingAllocator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The TCP sink against a plain loopback server that drops the first connection, and what the sink does with the server's answer. */
class TestRrdTcpSink {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @Test
    void reconnectsWithANewStreamThatRepeatsTheStoreInfoAndLosesNothingAfterTheBreak() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(20_000);
            CompletableFuture<byte[]> second = CompletableFuture.supplyAsync(() -> {
                try {
                    try (Socket first = server.accept()) {
                        first.getInputStream().readNBytes(200); // the header, the store info, a little more
                        first.setSoLinger(true, 0);
                    }
                    try (Socket again = server.accept(); InputStream in = again.getInputStream()) {
                        ByteArrayOutputStream all = new ByteArrayOutputStream();
                        in.transferTo(all);
                        // the sink half-closed: answer as a Reel server does
                        again.getOutputStream().write("OK 1 1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        return all.toByteArray();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            RrdTcpSink sink = RrdTcpSink.connect("127.0.0.1", server.getLocalPort(),
                    new RrdTcpSink.Reconnect(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(10)));
            try (RecordingStream rec = RecordingStream.builder("tcp_sink").recordingId("r").logTime(false)
                    .batching(BatcherConfig.NONE).to(sink)) {
                for (int frame = 0; frame < 200; frame++) {
                    rec.setTime("frame", frame);
                    rec.log("value", Scalars.of(frame));
                    Thread.sleep(2);
                }
            }
            byte[] afterBreak = second.get(30, TimeUnit.SECONDS);
            List<LogMsg> messages = new ArrayList<>();
            RrdReader.read(new ByteArrayInputStream(afterBreak), "second connection", arrow.allocator(),
                    DecodeOptions.DEFAULT, messages::add);
            try {
                assertThat(messages.get(0)).as("the new stream repeats the store info").isInstanceOf(SetStoreInfo.class);
                List<Long> frames = messages.stream().filter(m -> m instanceof ArrowMsg)
                        .map(m -> ((ArrowMsg) m).chunk().timeColumn("frame").orElseThrow().get(0)).toList();
                assertThat(frames).isNotEmpty().endsWith(199L);
                for (int i = 1; i < frames.size(); i++) {
                    assertThat(frames.get(i)).as("no gap after the reconnect").isEqualTo(frames.get(i - 1) + 1);
                }
            } finally {
                messages.forEach(LogMsg::close);
            }
        }
    }

    @Test
    void givenSeveralServersItMovesToTheNextWhenItsConnectionBreaks() throws Exception {
        try (ServerSocket dying = new ServerSocket(0, 2, InetAddress.getLoopbackAddress());
                ServerSocket next = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            dying.setSoTimeout(20_000);
            next.setSoTimeout(20_000);
            CompletableFuture<Void> breaking = CompletableFuture.runAsync(() -> {
                try (Socket first = dying.accept()) {
                    first.getInputStream().readNBytes(200);
                    first.setSoLinger(true, 0); // a node killed mid-stream: the connection is reset
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            CompletableFuture<byte[]> moved = CompletableFuture.supplyAsync(() -> {
                try (Socket again = next.accept(); InputStream in = again.getInputStream()) {
                    ByteArrayOutputStream all = new ByteArrayOutputStream();
                    in.transferTo(all);
                    again.getOutputStream().write("OK 1 1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    return all.toByteArray();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            RrdTcpSink sink = RrdTcpSink.connect(List.of(
                    new java.net.InetSocketAddress("127.0.0.1", dying.getLocalPort()),
                    new java.net.InetSocketAddress("127.0.0.1", next.getLocalPort())),
                    new RrdTcpSink.Reconnect(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(10)));
            try (RecordingStream rec = RecordingStream.builder("tcp_sink").recordingId("moving").logTime(false)
                    .batching(BatcherConfig.NONE).to(sink)) {
                for (int frame = 0; frame < 200; frame++) {
                    rec.setTime("frame", frame);
                    rec.log("value", Scalars.of(frame));
                    Thread.sleep(2);
                }
            }
            breaking.get(30, TimeUnit.SECONDS);
            List<LogMsg> messages = new ArrayList<>();
            RrdReader.read(new ByteArrayInputStream(moved.get(30, TimeUnit.SECONDS)), "next server",
                    arrow.allocator(), DecodeOptions.DEFAULT, messages::add);
            try {
                assertThat(messages.get(0)).as("the stream to the next server starts with the store info")
                        .isInstanceOf(SetStoreInfo.class);
                assertThat(messages.stream().filter(m -> m instanceof ArrowMsg)
                        .map(m -> ((ArrowMsg) m).chunk().timeColumn("frame").orElseThrow().get(0)).toList())
                        .isNotEmpty().endsWith(199L);
            } finally {
                messages.forEach(LogMsg::close);
            }
        }
    }

    @Test
    void aRefusedStreamFailsTheSinksClose() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(20_000);
            CompletableFuture<Void> refusing = CompletableFuture.runAsync(() -> {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().transferTo(OutputStream.nullOutputStream());
                    socket.getOutputStream().write("ERROR bad-chunk: at byte 12: no row ids\n"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            RrdTcpSink sink = RrdTcpSink.connect("127.0.0.1", server.getLocalPort(), RrdTcpSink.Reconnect.NEVER);
            sink.send(new SetStoreInfo(dev.reel.api.Tuid.next(), new dev.reel.api.log.StoreInfo(
                    dev.reel.api.StoreId.recording("refused", "r"), dev.reel.api.log.StoreSource.other("test"),
                    java.util.Optional.empty())));
            assertThatThrownBy(sink::close).isInstanceOf(IOException.class)
                    .hasMessageContaining("refused the stream: bad-chunk: at byte 12: no row ids");
            refusing.get(10, TimeUnit.SECONDS);
        }
    }
}
