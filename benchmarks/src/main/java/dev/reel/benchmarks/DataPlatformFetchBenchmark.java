package dev.reel.benchmarks;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.reel.rrd.DataframeParts;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.proto.cloud.CreateDatasetEntryRequest;
import dev.reel.rrd.proto.cloud.CreateDatasetEntryResponse;
import dev.reel.rrd.proto.cloud.DataSource;
import dev.reel.rrd.proto.cloud.FetchChunksRequest;
import dev.reel.rrd.proto.cloud.FetchChunksResponse;
import dev.reel.rrd.proto.cloud.QueryDatasetRequest;
import dev.reel.rrd.proto.cloud.QueryDatasetResponse;
import dev.reel.rrd.proto.cloud.RegisterWithDatasetRequest;
import dev.reel.rrd.proto.common.Compression;
import dev.reel.rrd.proto.common.DataframePart;
import dev.reel.rrd.proto.common.EntityPath;
import dev.reel.rrd.proto.logmsg.ArrowMsg;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.common.GrpcStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.jpountz.lz4.LZ4Factory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Rerun's two-step dataset read over the Data Platform API, as Rerun's viewer makes it: {@code QueryDataset} of one
 * entity ({@link SmallRecordings#QUERIED_ENTITY}, 2 chunks per file) over a dataset of 1,000 segments, then
 * {@code FetchChunks} of every row in slices of 32 rows (LZ4-compressed, without an entry header), all slices at
 * once on one HTTP/2 connection, every chunk counted with its bytes. The server is a whole runtime in this JVM,
 * reached over loopback with Vert.x's native gRPC client; the dataset is registered in the trial's setup with one
 * {@code RegisterWithDataset}. The limits, in the same run over the same 2,000 byte ranges: {@link #rawRangeReads}
 * and {@link #rawRangeReadsAndDecode} of {@link CatalogFetchBenchmark} (open each file once, read each range into a
 * heap array, and decode it), and {@link CatalogFetchBenchmark#queryAndFetch} (the catalog's own two steps, in
 * process, no network).
 */
public class DataPlatformFetchBenchmark extends CatalogBenchmarkDefaults {
    static final String SERVICE = "rerun.cloud.v1alpha1.RerunCloudService/";
    static final int SLICE_ROWS = 32;
    private static final long TIMEOUT_SECONDS = 120;

    /** The runtime holding the dataset, and a native gRPC client of its HTTP port. */
    @State(Scope.Benchmark)
    public static class Platform {
        CatalogFetchBenchmark.Ranges ranges;
        Path temp;
        InProcessReel reel;
        Vertx vertx;
        GrpcClient grpc;
        SocketAddress server;
        String dataset;
        BufferAllocator allocator;

        @Setup(Level.Trial)
        public void start(CatalogFetchBenchmark.Ranges found) throws Exception {
            ranges = found;
            temp = Files.createTempDirectory("reel-benchmark-redap");
            reel = InProcessReel.start(temp, Map.of("reel.catalog.allowed-roots",
                    found.fixture.recordings.toString()));
            vertx = Vertx.vertx();
            // as Rerun's clients (tonic), answers up to 4 MiB
            grpc = GrpcClient.client(vertx, new GrpcClientOptions().setMaxMessageSize(4 << 20),
                    new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
            server = SocketAddress.inetSocketAddress(reel.httpPort(), "127.0.0.1");
            allocator = new RootAllocator();
            CreateDatasetEntryResponse created = CreateDatasetEntryResponse.parseFrom(call("CreateDatasetEntry",
                    Map.of(), CreateDatasetEntryRequest.newBuilder().setName("segments").build().toByteArray())
                    .get(0).getBytes());
            var id = created.getDataset().getDetails().getId().getId();
            dataset = String.format(Locale.ROOT, "%016X%016x", id.getTimeNs(), id.getInc());
            RegisterWithDatasetRequest.Builder register = RegisterWithDatasetRequest.newBuilder();
            for (int i = 0; i < CatalogFetchBenchmark.SEGMENTS; i++) {
                register.addDataSources(DataSource.newBuilder().setTypValue(1)
                        .setStorageUrl(found.fixture.files.get(i).toUri().toString()));
            }
            long start = System.nanoTime();
            call("RegisterWithDataset", Map.of("x-rerun-entry-id", dataset), register.build().toByteArray());
            System.out.printf(Locale.ROOT, "registered %d segments in %.1f s%n", CatalogFetchBenchmark.SEGMENTS,
                    (System.nanoTime() - start) / 1e9);
            long[] fetched = twoSteps(this);
            if (fetched[0] != found.chunks) {
                throw new IllegalStateException("fetched " + fetched[0] + " chunks, the files hold " + found.chunks);
            }
            System.out.printf(Locale.ROOT, "QueryDataset + FetchChunks: %,d chunks, %,d bytes of ArrowMsg (the files' "
                    + "ranges: %,d bytes)%n", fetched[0], fetched[1], found.bytes);
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            reel.close();
            allocator.close();
            Folders.delete(temp);
        }

        /** One call with one request message; its answers, whatever their number. */
        List<Buffer> call(String method, Map<String, String> headers, byte[] request) throws Exception {
            Future<List<Buffer>> answers = grpc.request(server).compose(call -> {
                call.fullMethodName(SERVICE + method);
                headers.forEach((k, v) -> call.headers().set(k, v));
                call.end(Buffer.buffer(request));
                return call.response().compose(response -> {
                    List<Buffer> messages = new ArrayList<>();
                    response.handler(messages::add);
                    return response.end().compose(v -> response.status() == GrpcStatus.OK
                            ? Future.succeededFuture(messages)
                            : Future.failedFuture(method + ": " + response.status() + " " + response.statusMessage()));
                });
            });
            return answers.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** The viewer's two steps; returns the chunks and the bytes of their {@code ArrowMsg}s. */
    @Benchmark
    public long[] queryAndFetch(Platform platform) throws Exception {
        return twoSteps(platform);
    }

    private static long[] twoSteps(Platform platform) throws Exception {
        QueryDatasetRequest query = QueryDatasetRequest.newBuilder()
                .addEntityPaths(EntityPath.newBuilder().setPath(SmallRecordings.QUERIED_ENTITY))
                .build();
        List<DataframePart> slices = new ArrayList<>();
        for (Buffer answer : platform.call("QueryDataset", Map.of("x-rerun-entry-id", platform.dataset),
                query.toByteArray())) {
            try (VectorSchemaRoot rows = DataframeParts.read(QueryDatasetResponse.parseFrom(answer.getBytes()).getData(),
                    platform.allocator, "QueryDataset")) {
                for (int from = 0; from < rows.getRowCount(); from += SLICE_ROWS) {
                    slices.add(lz4Slice(rows, from, Math.min(SLICE_ROWS, rows.getRowCount() - from)));
                }
            } catch (RrdFormatException e) {
                throw new IllegalStateException(e);
            }
        }
        List<Future<long[]>> fetches = new ArrayList<>();
        for (DataframePart slice : slices) {
            byte[] request = FetchChunksRequest.newBuilder().addChunkInfos(slice).build().toByteArray();
            fetches.add(platform.grpc.request(platform.server).compose(call -> {
                call.fullMethodName(SERVICE + "FetchChunks");
                call.end(Buffer.buffer(request));
                return call.response().compose(response -> {
                    long[] counted = new long[2];
                    response.handler(message -> {
                        try {
                            for (ArrowMsg chunk : FetchChunksResponse.parseFrom(message.getBytes()).getChunksList()) {
                                counted[0]++;
                                counted[1] += chunk.getSerializedSize();
                            }
                        } catch (InvalidProtocolBufferException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    return response.end().compose(v -> response.status() == GrpcStatus.OK
                            ? Future.succeededFuture(counted)
                            : Future.failedFuture("FetchChunks: " + response.status() + " "
                                    + response.statusMessage()));
                });
            }));
        }
        long[] total = new long[2];
        for (Future<long[]> fetch : fetches) {
            long[] counted = fetch.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            total[0] += counted[0];
            total[1] += counted[1];
        }
        return total;
    }

    /** Limit: every range read into a heap array, each file opened once (as {@link CatalogFetchBenchmark}). */
    @Benchmark
    public long rawRangeReads(CatalogFetchBenchmark.Ranges ranges) throws IOException {
        return CatalogFetchBenchmark.rawRangeReadsOf(ranges);
    }

    /** Limit: as {@link #rawRangeReads}, and every chunk decoded by the codec. */
    @Benchmark
    public long rawRangeReadsAndDecode(CatalogFetchBenchmark.Ranges ranges) throws IOException {
        return CatalogFetchBenchmark.rawRangeReadsAndDecodeOf(ranges);
    }

    /** Rows {@code from..from+count} as the viewer sends them back: LZ4-compressed Arrow IPC. */
    private static DataframePart lz4Slice(VectorSchemaRoot rows, int from, int count) {
        try (VectorSchemaRoot slice = rows.slice(from, count)) {
            ByteArrayOutputStream ipc = new ByteArrayOutputStream();
            try (ArrowStreamWriter writer = new ArrowStreamWriter(slice, null, ipc)) {
                writer.start();
                writer.writeBatch();
                writer.end();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] raw = ipc.toByteArray();
            return DataframePart.newBuilder().setEncoderVersionValue(1).setCompression(Compression.COMPRESSION_LZ4)
                    .setUncompressedSize(raw.length)
                    .setPayload(ByteString.copyFrom(LZ4Factory.fastestInstance().fastCompressor().compress(raw)))
                    .build();
        }
    }
}
