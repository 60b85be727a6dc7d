package dev.reel.transport.http.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.reel.api.LayerName;
import dev.reel.api.SegmentId;
import dev.reel.api.StoreId;
import dev.reel.api.Tuid;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.StoreInfo;
import dev.reel.api.log.StoreSource;
import dev.reel.api.spi.RecordingCodec;
import dev.reel.api.spi.RecordingEncoder;
import dev.reel.catalog.Catalog;
import dev.reel.catalog.Entry;
import dev.reel.catalog.OnDuplicate;
import dev.reel.catalog.Registration;
import dev.reel.rrd.DataframeParts;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.proto.cloud.WriteChunksRequest;
import dev.reel.rrd.proto.cloud.WriteChunksResponse;
import dev.reel.rrd.proto.common.Compression;
import dev.reel.rrd.proto.common.DataframePart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.server.GrpcServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code WriteChunks} call (rerun-data-platform.md B.1): a stream of chunks, each naming its segment in the
 * schema metadata {@code rerun:segment_id} (or the older {@code rerun:partition_id}). Chunks are checked and
 * spooled per segment to a temporary {@code .rrd} as they arrive (the caller is paused meanwhile), and when the
 * stream ends each segment is registered as the dataset's {@code base} layer, as Rerun's server does; a segment
 * whose {@code base} layer exists already fails the call with {@code ALREADY_EXISTS}.
 */
final class ChunkWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkWriter.class);
    private static final String SOURCE = "Reel WriteChunks";

    private final Vertx vertx;
    private final GrpcServerRequest<Buffer, Buffer> call;
    private final Catalog catalog;
    private final Entry dataset;
    private final RecordingCodec codec;
    private final BufferAllocator allocator;
    private final Map<SegmentId, Spool> spools = new LinkedHashMap<>();
    private Future<Void> last = Future.succeededFuture();
    private long received;
    private boolean failed;

    /** A segment's chunks so far, as an {@code .rrd} in a temporary file. */
    private record Spool(Path file, OutputStream out, RecordingEncoder encoder) {}

    ChunkWriter(Vertx vertx, GrpcServerRequest<Buffer, Buffer> call, Catalog catalog, Entry dataset,
            RecordingCodec codec, BufferAllocator allocator) {
        this.vertx = vertx;
        this.call = call;
        this.catalog = catalog;
        this.dataset = dataset;
        this.codec = codec;
        this.allocator = allocator;
    }

    void start() {
        call.handler(message -> {
            long index = received++;
            call.pause();
            last = last.compose(v -> vertx.<Void>executeBlocking(() -> {
                spool(message.getBytes(), index);
                return null;
            }, true)).onComplete(done -> call.resume()).onFailure(this::fail);
        });
        call.endHandler(v -> last.compose(done -> vertx.executeBlocking(this::register, true))
                .onSuccess(chunks -> {
                    LOG.info("WriteChunks into '{}': {} chunks in {} segments", dataset.name(), chunks,
                            spools.size());
                    call.response().end(Buffer.buffer(WriteChunksResponse.getDefaultInstance().toByteArray()));
                })
                .onFailure(this::fail)
                .onComplete(done -> discard()));
        call.errorHandler(error -> {
            LOG.info("WriteChunks into '{}': the writer went away ({})", dataset.name(), error);
            failed = true;
            vertx.executeBlocking(() -> {
                discard();
                return null;
            }, true);
        });
    }

    private void spool(byte[] bytes, long index) throws IOException, RrdFormatException {
        if (failed) {
            return;
        }
        WriteChunksRequest request;
        try {
            request = WriteChunksRequest.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw GrpcAnswers.invalidArgument("message " + index + " is not a WriteChunksRequest: " + e.getMessage());
        }
        if (!request.hasChunk() || !request.getChunk().hasPayload()) {
            throw GrpcAnswers.invalidArgument("message " + index + " has no chunk");
        }
        DataframePart ipc = DataframePart.newBuilder().setPayload(request.getChunk().getPayload())
                .setCompression(Compression.COMPRESSION_NONE).build();
        VectorSchemaRoot batch = DataframeParts.read(ipc, allocator, "WriteChunks message " + index);
        Spool spool;
        String segment;
        try {
            Map<String, String> metadata = batch.getSchema().getCustomMetadata();
            segment = Optional.ofNullable(metadata.get("rerun:segment_id"))
                    .or(() -> Optional.ofNullable(metadata.get("rerun:partition_id")))
                    .orElseThrow(() -> GrpcAnswers.invalidArgument("message " + index
                            + ": a chunk without 'rerun:segment_id' metadata"));
            spool = spool(new SegmentId(segment));
        } catch (IOException | RuntimeException e) {
            batch.close();
            throw e;
        }
        // the chunk owns the batch from here on
        try (ArrowMsg chunk = new ArrowMsg(storeOf(segment), Chunk.fromRecordBatch(batch))) {
            spool.encoder().write(chunk);
        }
    }

    private Spool spool(SegmentId segment) throws IOException {
        Spool spool = spools.get(segment);
        if (spool == null) {
            Path file = Files.createTempFile("reel-write-chunks-", ".rrd");
            OutputStream out = Files.newOutputStream(file);
            RecordingEncoder encoder = codec.newEncoder(out);
            encoder.write(new SetStoreInfo(Tuid.next(), new StoreInfo(storeOf(segment.value()),
                    StoreSource.other(SOURCE), Optional.empty())));
            spool = new Spool(file, out, encoder);
            spools.put(segment, spool);
        }
        return spool;
    }

    private StoreId storeOf(String segment) {
        return StoreId.recording(dataset.id().toString(), segment);
    }

    /** Registers every segment's spool as its {@code base} layer; the number of chunks written. */
    private long register() throws IOException {
        long chunks = received;
        for (Map.Entry<SegmentId, Spool> entry : spools.entrySet()) {
            entry.getValue().encoder().close();
            try (InputStream in = Files.newInputStream(entry.getValue().file())) {
                for (Registration row : catalog.registerUpload(dataset.id(), in, entry.getKey().value() + ".rrd",
                        LayerName.BASE, OnDuplicate.ERROR)) {
                    if (row.failed()) {
                        throw GrpcAnswers.invalidArgument("segment '" + entry.getKey() + "': "
                                + row.error().orElse("registration failed"));
                    }
                }
            }
        }
        return chunks;
    }

    private void fail(Throwable failure) {
        if (!failed) {
            failed = true;
            call.resume();
            GrpcAnswers.fail(call, failure);
        }
    }

    private synchronized void discard() {
        for (Spool spool : spools.values()) {
            try {
                spool.encoder().close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing a WriteChunks spool: {}", e.toString());
            }
            try {
                Files.deleteIfExists(spool.file());
            } catch (IOException e) {
                LOG.warn("cannot delete {}: {}", spool.file(), e.toString());
            }
        }
    }
}
