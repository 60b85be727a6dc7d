package dev.reel.benchmarks;

import dev.reel.api.log.MessageKind;
import dev.reel.rrd.GrpcLogMsg;
import dev.reel.rrd.RrdStreamDecoder;
import dev.reel.rrd.StoreAttribution;
import dev.reel.rrd.proto.logmsg.ArrowMsg;
import dev.reel.rrd.Compression;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.EncodedImage;
import dev.reel.rrd.sdk.RecordingSink;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * What a producer connection sends: one {@code .rrd} stream written by the Java SDK ({@link RecordingStream},
 * LZ4 as by default, every logged row sent as its own chunk as a live logger with batching off does), with the
 * byte offset where each message ends so that it can also be sent message by message.
 *
 * @param recordingId the recording the stream logs into (a new one per stream, so every chunk id is new)
 * @param bytes the whole stream: stream header, {@code SetStoreInfo}, one {@code ArrowMsg} per row, end
 * @param messageEnds offset just past each message, in order; the first is the end of {@code SetStoreInfo}
 * @param ipcSizes the uncompressed size of each {@code ArrowMsg}'s Arrow IPC stream: what the store allocates
 * @param rows rows logged (one per {@code ArrowMsg})
 */
record ProducerStream(String recordingId, byte[] bytes, int[] messageEnds, int[] ipcSizes, long rows) {
    static final String APPLICATION = "reel_benchmark";
    static final String IMAGE_ENTITY = "camera/image";
    /** Every row {@code i} is logged at {@code frame = i}: the last row is at {@code rows - 1}. */
    static final String FRAME = "frame";

    /** Eight camera images of 1 to 4 MB ("JPEG-like" bytes) from a fixed seed, for {@link #images} to cycle through. */
    static List<byte[]> cameraImages() {
        SplittableRandom random = new SplittableRandom(0x5EED_2026L);
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            images.add(BenchmarkRecording.jpegLike(random, 1_000_000 + random.nextInt(3_000_001)));
        }
        return images;
    }

    /** {@code count} camera images, cycling through {@code images}, one chunk each, compressed as given. */
    static ProducerStream images(String recordingId, List<byte[]> images, int count, Compression compression) {
        return write(recordingId, count, BatcherConfig.NONE, compression, stream -> {
            for (int i = 0; i < count; i++) {
                stream.setTime(FRAME, i);
                stream.log(IMAGE_ENTITY, EncodedImage.of(images.get(i % images.size()), "image/jpeg"));
            }
        });
    }

    /** {@code count} single-value scalar rows, round-robin over {@code entities} signals, one chunk each. */
    static ProducerStream scalars(String recordingId, int count, int entities) {
        return write(recordingId, count, BatcherConfig.NONE, Compression.LZ4, stream -> {
            for (int i = 0; i < count; i++) {
                stream.setTime(FRAME, i);
                stream.log("robot/joint_" + i % entities + "/position", Scalars.of(Math.sin(i * 0.01)));
            }
        });
    }

    /**
     * {@code count} log lines of about 100 bytes per row (row id, two times, the text and its level), batched as
     * an SDK batches them by default ({@link BatcherConfig#DEFAULT}: 4,096 rows or 1 MiB to a chunk).
     */
    static ProducerStream textRows(String recordingId, int count) {
        return write(recordingId, count, BatcherConfig.DEFAULT, Compression.LZ4, stream -> {
            for (int i = 0; i < count; i++) {
                stream.setTime(FRAME, i);
                stream.log("robot/log", TextLog.of(String.format(Locale.ROOT,
                        "step %08d: planner ok, %3d obstacles, heading %+7.2f deg", i, i % 97, (i % 3600) / 10.0))
                        .withLevel("INFO"));
            }
        });
    }

    private static ProducerStream write(String recordingId, long rows, BatcherConfig batching,
            Compression compression, Consumer<RecordingStream> logging) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream stream = RecordingStream.builder(APPLICATION).recordingId(recordingId)
                .batching(batching).to(RecordingSink.stream(out, compression))) {
            logging.accept(stream);
        }
        byte[] bytes = out.toByteArray();
        List<Integer> ends = new ArrayList<>();
        List<Integer> ipcSizes = new ArrayList<>();
        frames(bytes, frame -> {
            ends.add((int) (frame.payloadOffset() + frame.payload().length));
            if (frame.messageKind() == MessageKind.ARROW_MSG) {
                ipcSizes.add(Math.toIntExact(ArrowMsg.parseFrom(frame.payload()).getUncompressedSize()));
            }
        });
        return new ProducerStream(recordingId, bytes, ends.stream().mapToInt(Integer::intValue).toArray(),
                ipcSizes.stream().mapToInt(Integer::intValue).toArray(), rows);
    }

    /**
     * The stream's messages as a Rerun SDK sends them to a gRPC proxy: each one a {@code WriteMessagesRequest}
     * holding the same payload, attributed to its store as a server attributes the {@code .rrd} stream.
     */
    List<byte[]> proxyMessages() {
        StoreAttribution attribution = new StoreAttribution("benchmark");
        List<byte[]> messages = new ArrayList<>();
        frames(bytes, frame -> attribution.attribute(frame).map(GrpcLogMsg::wrap).ifPresent(messages::add));
        return messages;
    }

    /** Frames the stream as a server does; the end message and trailer go out with the last message. */
    private static void frames(byte[] bytes, RrdStreamDecoder.Listener listener) {
        RrdStreamDecoder decoder = new RrdStreamDecoder("benchmark", Long.MAX_VALUE);
        try {
            decoder.push(ByteBuffer.wrap(bytes), listener);
            decoder.finish(listener);
        } catch (IOException e) {
            throw new UncheckedIOException("the SDK wrote a stream that does not decode", e);
        }
    }

    /** An LZ4 block of an {@code ArrowMsg} payload and the size it decompresses to. */
    record Lz4Payload(byte[] compressed, int uncompressedSize) {}

    /** The LZ4-compressed payloads of the stream's {@code ArrowMsg}s (none when it is uncompressed). */
    List<Lz4Payload> lz4Payloads() {
        List<Lz4Payload> payloads = new ArrayList<>();
        frames(bytes, frame -> {
            if (frame.messageKind() == MessageKind.ARROW_MSG) {
                ArrowMsg message = ArrowMsg.parseFrom(frame.payload());
                if (message.getCompression() == dev.reel.rrd.proto.common.Compression.COMPRESSION_LZ4) {
                    payloads.add(new Lz4Payload(message.getPayload().toByteArray(),
                            Math.toIntExact(message.getUncompressedSize())));
                }
            }
        });
        return payloads;
    }

    /** Bytes from the start of the stream to the end of {@code SetStoreInfo}: what opens the connection. */
    int headerLength() {
        return messageEnds[0];
    }

    /** The frame of the last row. */
    long lastFrame() {
        return rows - 1;
    }

    /** Number of {@code ArrowMsg} messages. */
    int chunks() {
        return messageEnds.length - 1;
    }
}
