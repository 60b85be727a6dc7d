package dev.reel.transport.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import dev.reel.api.EntryId;
import dev.reel.api.StoreId;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.MessageKind;
import dev.reel.catalog.Catalog;
import dev.reel.catalog.CatalogConfig;
import dev.reel.catalog.local.Catalogs;
import dev.reel.rrd.DataframeParts;
import dev.reel.rrd.RrdCodec;
import dev.reel.rrd.RrdReader;
import dev.reel.rrd.proto.cloud.CreateDatasetEntryRequest;
import dev.reel.rrd.proto.cloud.DataSource;
import dev.reel.rrd.proto.cloud.DatasetEntry;
import dev.reel.rrd.proto.cloud.DeleteEntryRequest;
import dev.reel.rrd.proto.cloud.EntryDetails;
import dev.reel.rrd.proto.cloud.EntryDetailsUpdate;
import dev.reel.rrd.proto.cloud.EntryFilter;
import dev.reel.rrd.proto.cloud.EntryKind;
import dev.reel.rrd.proto.cloud.FetchChunksRequest;
import dev.reel.rrd.proto.cloud.FetchChunksResponse;
import dev.reel.rrd.proto.cloud.FindEntriesRequest;
import dev.reel.rrd.proto.cloud.FindEntriesResponse;
import dev.reel.rrd.proto.cloud.GetDatasetManifestSchemaRequest;
import dev.reel.rrd.proto.cloud.GetDatasetManifestSchemaResponse;
import dev.reel.rrd.proto.cloud.GetDatasetSchemaRequest;
import dev.reel.rrd.proto.cloud.GetDatasetSchemaResponse;
import dev.reel.rrd.proto.cloud.GetRrdManifestRequest;
import dev.reel.rrd.proto.cloud.GetRrdManifestResponse;
import dev.reel.rrd.proto.cloud.GetSegmentTableSchemaRequest;
import dev.reel.rrd.proto.cloud.GetSegmentTableSchemaResponse;
import dev.reel.rrd.proto.cloud.Query;
import dev.reel.rrd.proto.cloud.QueryDatasetRequest;
import dev.reel.rrd.proto.cloud.QueryDatasetResponse;
import dev.reel.rrd.proto.cloud.QueryLatestAt;
import dev.reel.rrd.proto.cloud.QueryRange;
import dev.reel.rrd.proto.cloud.QueryTasksOnCompletionRequest;
import dev.reel.rrd.proto.cloud.QueryTasksOnCompletionResponse;
import dev.reel.rrd.proto.cloud.QueryTasksRequest;
import dev.reel.rrd.proto.cloud.QueryTasksResponse;
import dev.reel.rrd.proto.cloud.ReadDatasetEntryRequest;
import dev.reel.rrd.proto.cloud.ReadDatasetEntryResponse;
import dev.reel.rrd.proto.cloud.ReadTableEntryRequest;
import dev.reel.rrd.proto.cloud.ReadTableEntryResponse;
import dev.reel.rrd.proto.cloud.RegisterWithDatasetRequest;
import dev.reel.rrd.proto.cloud.RegisterWithDatasetResponse;
import dev.reel.rrd.proto.cloud.ScanDatasetManifestRequest;
import dev.reel.rrd.proto.cloud.ScanDatasetManifestResponse;
import dev.reel.rrd.proto.cloud.ScanSegmentTableRequest;
import dev.reel.rrd.proto.cloud.ScanSegmentTableResponse;
import dev.reel.rrd.proto.cloud.ScanTableRequest;
import dev.reel.rrd.proto.cloud.ScanTableResponse;
import dev.reel.rrd.proto.cloud.SystemTable;
import dev.reel.rrd.proto.cloud.SystemTableKind;
import dev.reel.rrd.proto.cloud.UnregisterFromDatasetRequest;
import dev.reel.rrd.proto.cloud.UnregisterFromDatasetResponse;
import dev.reel.rrd.proto.cloud.UpdateDatasetEntryRequest;
import dev.reel.rrd.proto.cloud.UpdateDatasetEntryResponse;
import dev.reel.rrd.proto.cloud.UpdateEntryRequest;
import dev.reel.rrd.proto.cloud.UpdateEntryResponse;
import dev.reel.rrd.proto.cloud.VersionRequest;
import dev.reel.rrd.proto.cloud.VersionResponse;
import dev.reel.rrd.proto.cloud.WhoAmIRequest;
import dev.reel.rrd.proto.cloud.WhoAmIResponse;
import dev.reel.rrd.proto.cloud.WriteChunksRequest;
import dev.reel.rrd.proto.cloud.WriteChunksResponse;
import dev.reel.rrd.proto.common.Compression;
import dev.reel.rrd.proto.common.DataframePart;
import dev.reel.rrd.proto.common.IfDuplicateBehavior;
import dev.reel.rrd.proto.common.IndexColumnSelector;
import dev.reel.rrd.proto.common.RerunChunk;
import dev.reel.rrd.proto.common.SegmentId;
import dev.reel.rrd.proto.common.TaskId;
import dev.reel.rrd.proto.common.TimeRange;
import dev.reel.rrd.proto.common.Timeline;
import dev.reel.rrd.proto.logmsg.ArrowMsg;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.Blueprint;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextLog;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.hub.StoreHubs;
import dev.reel.testing.Await;
import dev.reel.testing.LeakCheckingAllocator;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rerun's Data Platform API ({@code RerunCloudService}, rerun-data-platform.md §B) against grpc-java, a client
 * independent of the server's gRPC stack, over native HTTP/2 on loopback, with a real catalog (embedded H2 in a
 * temporary folder) and real {@code .rrd} files written by Reel's SDK. Each RPC the viewer and the catalog client
 * call is made as they make it, with Rerun's edge cases.
 */
class TestDataPlatform {
    private static final String SERVICE = DataPlatform.SERVICE;
    private static final int FRAMES = 20;

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path data;

    private Vertx vertx;
    private StoreHub hub;
    private Catalog catalog;
    private HttpTransport transport;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        start(Map.of());
    }

    /** @param settings {@code reel.transport.http.*} without the prefix */
    private void start(Map<String, String> settings) throws IOException {
        Files.createDirectories(data.resolve("recordings"));
        vertx = Vertx.vertx();
        hub = StoreHubs.inMemory(StoreHubConfig.defaults(), arrow.allocator());
        catalog = Catalogs.open(CatalogConfig.embedded(data).withAllowedRoots(List.of(data.resolve("recordings"))),
                arrow.allocator());
        transport = HttpTransports.of(hub, List::of, Optional.of(catalog), arrow.allocator());
        int port = Await.result(transport.start(new dev.reel.api.spi.TransportContext(vertx, "127.0.0.1", 0,
                settings))).port();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        try {
            Await.result(transport.stop());
            Await.result(vertx.close());
        } finally {
            catalog.close();
            hub.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void versionAndWhoAmIAnswerWithoutAnEntry() {
        VersionResponse version = unary("Version", VersionRequest.getDefaultInstance(), VersionResponse.parser(),
                Map.of());
        assertThat(version.getBuildInfo().getCrateName()).isEqualTo("reel");
        // without tokens configured everyone reads and writes, as Rerun's own server answers
        WhoAmIResponse me = unary("WhoAmI", WhoAmIRequest.getDefaultInstance(), WhoAmIResponse.parser(), Map.of());
        assertThat(me.getCanRead()).isTrue();
        assertThat(me.getCanWrite()).isTrue();
    }

    @Test
    void datasetsAreCreatedFoundReadRenamedAndDeleted() {
        DatasetEntry created = unary("CreateDatasetEntry", CreateDatasetEntryRequest.newBuilder().setName("robots")
                .build(), dev.reel.rrd.proto.cloud.CreateDatasetEntryResponse.parser(), Map.of()).getDataset();
        EntryDetails details = created.getDetails();
        // the 0.33 viewer requires both halves of the id, both timestamps and a dataset_url (§2.1)
        assertThat(details.getId().getId().hasTimeNs()).isTrue();
        assertThat(details.getId().getId().hasInc()).isTrue();
        assertThat(details.hasCreatedAt()).isTrue();
        assertThat(details.hasUpdatedAt()).isTrue();
        assertThat(details.getEntryKind()).isEqualTo(EntryKind.ENTRY_KIND_DATASET);
        assertThat(created.getDatasetHandle().getDatasetUrl()).isNotEmpty();
        String id = RedapIds.entryId(details.getId()).toString();

        // FindEntries with an empty filter, as the viewer sends it: the dataset and the __entries system table
        // (and the dataset's blueprint dataset, which the viewer skips by its kind)
        FindEntriesResponse all = findEntries(EntryFilter.getDefaultInstance());
        assertThat(all.getEntriesList()).extracting(EntryDetails::getName).containsExactlyInAnyOrder("robots",
                "__entries", "__bp_" + id);
        assertThat(findEntries(EntryFilter.newBuilder().setName("__bp_" + id).build()).getEntries(0).getEntryKind())
                .isEqualTo(EntryKind.ENTRY_KIND_BLUEPRINT_DATASET);
        assertThat(findEntries(EntryFilter.newBuilder().setName("robots").build()).getEntriesCount()).isEqualTo(1);
        assertThat(findEntries(EntryFilter.newBuilder().setName("nothing").build()).getEntriesCount()).isZero();
        assertThat(findEntries(EntryFilter.newBuilder().setEntryKind(EntryKind.ENTRY_KIND_TABLE).build())
                .getEntriesList()).extracting(EntryDetails::getName).containsExactly("__entries");
        // B.1: an unspecified kind is the caller's error; views are not served
        assertStatus(() -> findEntries(EntryFilter.newBuilder().setEntryKind(EntryKind.ENTRY_KIND_UNSPECIFIED)
                .build()), Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> findEntries(EntryFilter.newBuilder().setEntryKind(EntryKind.ENTRY_KIND_DATASET_VIEW)
                .build()), Status.Code.UNIMPLEMENTED);

        // the entry headers: by id (any case, as Rerun parses hex), by name as binary metadata, or neither
        assertThat(readDataset(Map.of("x-rerun-entry-id", id.toLowerCase())).getDetails().getName())
                .isEqualTo("robots");
        Metadata byName = new Metadata();
        byName.put(Metadata.Key.of("x-rerun-entry-name-bin", Metadata.BINARY_BYTE_MARSHALLER),
                "robots".getBytes(StandardCharsets.UTF_8));
        assertThat(unary("ReadDatasetEntry", ReadDatasetEntryRequest.getDefaultInstance(),
                ReadDatasetEntryResponse.parser(), byName).getDataset().getDetails().getName()).isEqualTo("robots");
        assertStatus(() -> readDataset(Map.of()), Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> readDataset(Map.of("x-rerun-entry-id", "187B552B95A5C2F73f37894708825ba5")),
                Status.Code.NOT_FOUND);
        assertStatus(() -> unary("CreateDatasetEntry", CreateDatasetEntryRequest.newBuilder().setName("robots")
                .build(), dev.reel.rrd.proto.cloud.CreateDatasetEntryResponse.parser(), Map.of()),
                Status.Code.ALREADY_EXISTS);

        UpdateEntryResponse renamed = unary("UpdateEntry", UpdateEntryRequest.newBuilder().setId(details.getId())
                .setEntryDetailsUpdate(EntryDetailsUpdate.newBuilder().setName("fleet")).build(),
                UpdateEntryResponse.parser(), Map.of());
        assertThat(renamed.getEntryDetails().getName()).isEqualTo("fleet");
        assertThat(renamed.getEntryDetails().getId()).isEqualTo(details.getId());

        unary("DeleteEntry", DeleteEntryRequest.getDefaultInstance(),
                dev.reel.rrd.proto.cloud.DeleteEntryResponse.parser(), Map.of("x-rerun-entry-id", id));
        assertThat(findEntries(EntryFilter.getDefaultInstance()).getEntriesList()).extracting(EntryDetails::getName)
                .containsExactly("__entries");
    }

    @Test
    void theEntriesSystemTableIsReadAsTheViewerReadsIt() {
        String dataset = dataset("robots");
        ReadTableEntryResponse table = unary("ReadTableEntry", ReadTableEntryRequest.newBuilder()
                .setId(RedapIds.entryId(RedapTables.ENTRIES_TABLE.id())).build(), ReadTableEntryResponse.parser(),
                Map.of("x-rerun-entry-id", RedapTables.ENTRIES_TABLE.id().toString()));
        // §3: prost's type URL, without type.googleapis.com
        assertThat(table.getTable().getProviderDetails().getTypeUrl()).isEqualTo("/rerun.cloud.v1alpha1.SystemTable");
        assertThat(parse(SystemTable.parser(), table.getTable().getProviderDetails().getValue()).getKind())
                .isEqualTo(SystemTableKind.SYSTEM_TABLE_KIND_ENTRIES);
        List<ScanTableResponse> scan = stream("ScanTable", ScanTableRequest.getDefaultInstance(),
                ScanTableResponse.parser(), Map.of("x-rerun-entry-id", RedapTables.ENTRIES_TABLE.id().toString()));
        try (VectorSchemaRoot rows = read(scan.get(0).getDataframePart())) {
            assertThat(rows.getVector("id")).isInstanceOf(FixedSizeBinaryVector.class);
            assertThat(column(rows, "name")).containsExactlyInAnyOrder("robots", "__entries", "__bp_" + dataset);
        }
    }

    @Test
    void aSegmentWithTwoLayersIsRegisteredScannedQueriedAndFetched() throws IOException {
        String dataset = dataset("robots");
        Path base = recording("run-1.rrd", "run-1", FRAMES, "value");
        Path extra = recording("run-1-extra.rrd", "run-1", FRAMES, "extra");
        RegisterWithDatasetResponse registered = unary("RegisterWithDataset", RegisterWithDatasetRequest.newBuilder()
                .addDataSources(source(base, Optional.empty()))
                .addDataSources(source(extra, Optional.of("extra")))
                .build(), RegisterWithDatasetResponse.parser(), Map.of("x-rerun-entry-id", dataset));
        List<String> tasks;
        try (VectorSchemaRoot rows = read(registered.getData())) {
            // A.7's columns
            assertThat(rows.getSchema().getFields()).extracting(Field::getName).containsExactly("rerun_segment_id",
                    "rerun_segment_layer", "rerun_segment_type", "rerun_storage_url", "rerun_task_id");
            assertThat(column(rows, "rerun_segment_id")).containsExactly("run-1", "run-1");
            assertThat(column(rows, "rerun_segment_layer")).containsExactly("base", "extra");
            tasks = column(rows, "rerun_task_id");
        }
        QueryTasksResponse states = unary("QueryTasks", QueryTasksRequest.newBuilder()
                .addAllIds(tasks.stream().map(t -> TaskId.newBuilder().setId(t).build()).toList()).build(),
                QueryTasksResponse.parser(), Map.of());
        try (VectorSchemaRoot rows = read(states.getData())) {
            assertThat(column(rows, "exec_status")).containsOnly("success");
        }

        // the segment table as 0.33 reads it: list items named after their column (§3)
        GetSegmentTableSchemaResponse schema = unary("GetSegmentTableSchema",
                GetSegmentTableSchemaRequest.getDefaultInstance(), GetSegmentTableSchemaResponse.parser(),
                Map.of("x-rerun-entry-id", dataset));
        Field layerNames = schemaOf(schema.getSchema().getArrowSchema()).findField("rerun_layer_names");
        assertThat(layerNames.getChildren().get(0).getName()).isEqualTo("rerun_layer_names");
        List<ScanSegmentTableResponse> segments = stream("ScanSegmentTable", ScanSegmentTableRequest
                .getDefaultInstance(), ScanSegmentTableResponse.parser(), Map.of("x-rerun-entry-id", dataset));
        try (VectorSchemaRoot rows = read(segments.get(0).getData())) {
            assertThat(column(rows, "rerun_segment_id")).containsExactly("run-1");
            assertThat((List<?>) rows.getVector("rerun_layer_names").getObject(0)).extracting(Object::toString)
                    .containsExactly("base", "extra");
        }
        // B.1: projection; an unknown or repeated column is the caller's error
        try (VectorSchemaRoot rows = read(stream("ScanSegmentTable", ScanSegmentTableRequest.newBuilder()
                .addColumns("rerun_num_chunks").addColumns("rerun_segment_id").build(),
                ScanSegmentTableResponse.parser(), Map.of("x-rerun-entry-id", dataset)).get(0).getData())) {
            assertThat(rows.getSchema().getFields()).extracting(Field::getName).containsExactly("rerun_num_chunks",
                    "rerun_segment_id");
        }
        assertStatus(() -> stream("ScanSegmentTable", ScanSegmentTableRequest.newBuilder().addColumns("nope").build(),
                ScanSegmentTableResponse.parser(), Map.of("x-rerun-entry-id", dataset)), Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> stream("ScanSegmentTable", ScanSegmentTableRequest.newBuilder()
                .addColumns("rerun_segment_id").addColumns("rerun_segment_id").build(),
                ScanSegmentTableResponse.parser(), Map.of("x-rerun-entry-id", dataset)), Status.Code.INVALID_ARGUMENT);
        try (VectorSchemaRoot rows = read(stream("ScanDatasetManifest", ScanDatasetManifestRequest
                .getDefaultInstance(), ScanDatasetManifestResponse.parser(), Map.of("x-rerun-entry-id", dataset))
                .get(0).getData())) {
            assertThat(column(rows, "rerun_layer_name")).containsExactlyInAnyOrder("base", "extra");
        }

        // the viewer's two steps (§2.2): QueryDataset as it sends it, then FetchChunks of 32-row LZ4 slices,
        // without an entry header
        List<QueryDatasetResponse> answer = stream("QueryDataset", viewerQuery("run-1"), QueryDatasetResponse.parser(),
                Map.of("x-rerun-entry-id", dataset));
        assertThat(answer).hasSize(1);
        Set<String> queried = new HashSet<>();
        List<DataframePart> slices = new ArrayList<>();
        int chunks;
        try (VectorSchemaRoot rows = read(answer.get(0).getData())) {
            assertThat(rows.getVector("chunk_id").getField().getType()).isEqualTo(new ArrowType.FixedSizeBinary(16));
            assertThat(rows.getVector("chunk_is_static")).isInstanceOf(BitVector.class);
            assertThat(column(rows, "rerun_segment_layer")).contains("base", "extra");
            chunks = rows.getRowCount();
            FixedSizeBinaryVector ids = (FixedSizeBinaryVector) rows.getVector("chunk_id");
            for (int row = 0; row < chunks; row++) {
                queried.add(java.util.HexFormat.of().formatHex(ids.get(row)));
            }
            for (int from = 0; from < chunks; from += 32) {
                slices.add(lz4Slice(rows, from, Math.min(32, chunks - from)));
            }
            // a large answer goes in parts of one schema, which together are the table
            List<DataframePart> parts = RedapTables.parts(rows, 1024);
            assertThat(parts).hasSizeGreaterThan(1);
            List<String> partKeys = new ArrayList<>();
            for (DataframePart part : parts) {
                try (VectorSchemaRoot partRows = read(part)) {
                    assertThat(partRows.getSchema()).isEqualTo(rows.getSchema());
                    partKeys.addAll(hex(partRows, "chunk_id"));
                }
            }
            assertThat(partKeys).isEqualTo(hex(rows, "chunk_id"));
        }
        assertThat(chunks).isGreaterThan(2);
        List<FetchChunksResponse> fetched = new ArrayList<>();
        for (DataframePart slice : slices) {
            fetched.addAll(stream("FetchChunks", FetchChunksRequest.newBuilder().addChunkInfos(slice).build(),
                    FetchChunksResponse.parser(), Map.of()));
        }
        Set<String> received = new HashSet<>();
        RrdCodec codec = new RrdCodec();
        for (FetchChunksResponse response : fetched) {
            for (ArrowMsg chunk : response.getChunksList()) {
                // what the viewer requires of each: Arrow IPC, the chunk id in the schema metadata rerun:id
                assertThat(chunk.getEncodingValue()).isEqualTo(1);
                try (LogMsg decoded = codec.decode(new LogFrame("test", 0, MessageKind.ARROW_MSG,
                        StoreId.recording("fetched", "run-1"), false, chunk.toByteArray()), arrow.allocator())) {
                    received.add(((dev.reel.api.log.ArrowMsg) decoded).chunk().id().tuid().toString().toLowerCase());
                }
            }
        }
        assertThat(received).hasSize(chunks);
        assertThat(received).isEqualTo(lower(queried));

        // B.2's truth table of entity paths, and its static/temporal and time conditions
        assertThat(stream("QueryDataset", QueryDatasetRequest.getDefaultInstance(), QueryDatasetResponse.parser(),
                Map.of("x-rerun-entry-id", dataset))).isEmpty();
        assertStatus(() -> stream("QueryDataset", viewerQuery("run-1").toBuilder().addEntityPaths(
                dev.reel.rrd.proto.common.EntityPath.newBuilder().setPath("/value")).build(),
                QueryDatasetResponse.parser(), Map.of("x-rerun-entry-id", dataset)), Status.Code.INVALID_ARGUMENT);
        assertThat(queryColumn(dataset, viewerQuery("run-1").toBuilder().setSelectAllEntityPaths(false)
                .addEntityPaths(dev.reel.rrd.proto.common.EntityPath.newBuilder().setPath("/extra")).build(),
                "chunk_entity_path")).containsOnly("/extra");
        assertThat(queryColumn(dataset, viewerQuery("run-1").toBuilder().setExcludeTemporalData(true).build(),
                "chunk_entity_path")).containsOnly("/about");
        Query staticOnly = Query.newBuilder().setLatestAt(QueryLatestAt.getDefaultInstance()).build();
        assertThat(queryColumn(dataset, viewerQuery("run-1").toBuilder().setQuery(staticOnly).build(),
                "chunk_entity_path")).containsOnly("/about");
        Query early = Query.newBuilder().setRange(QueryRange.newBuilder().setIndex(frame())
                .setIndexRange(TimeRange.newBuilder().setStart(0).setEnd(3)))
                .build();
        assertThat(queryColumn(dataset, viewerQuery("run-1").toBuilder().setQuery(early).build(), "chunk_segment_id")
                .size()).isBetween(3, chunks - 1);
        assertThat(stream("QueryDataset", viewerQuery("run-9"), QueryDatasetResponse.parser(),
                Map.of("x-rerun-entry-id", dataset)).get(0).getData().getPayload().isEmpty()).isFalse();
        assertThat(queryColumn(dataset, viewerQuery("run-9"), "chunk_segment_id")).isEmpty();

        // unregistering a layer answers the manifest rows it removed
        List<UnregisterFromDatasetResponse> removed = stream("UnregisterFromDataset", UnregisterFromDatasetRequest
                .newBuilder().addLayersToDrop("extra").build(), UnregisterFromDatasetResponse.parser(),
                Map.of("x-rerun-entry-id", dataset));
        try (VectorSchemaRoot rows = read(removed.get(0).getData())) {
            assertThat(column(rows, "rerun_layer_name")).containsExactly("extra");
        }
        assertThat(queryColumn(dataset, viewerQuery("run-1"), "rerun_segment_layer")).containsOnly("base");
    }

    @Test
    void aFailedRegistrationIsAFailedTask() throws IOException {
        String dataset = dataset("robots");
        Path broken = Files.writeString(data.resolve("recordings/broken.rrd"), "not a recording");
        RegisterWithDatasetResponse registered = unary("RegisterWithDataset", RegisterWithDatasetRequest.newBuilder()
                .addDataSources(DataSource.newBuilder().setStorageUrl(broken.toUri().toString()).setTypValue(1))
                .setOnDuplicate(IfDuplicateBehavior.IF_DUPLICATE_BEHAVIOR_ERROR).build(),
                RegisterWithDatasetResponse.parser(), Map.of("x-rerun-entry-id", dataset));
        String task;
        try (VectorSchemaRoot rows = read(registered.getData())) {
            task = column(rows, "rerun_task_id").get(0);
        }
        try (VectorSchemaRoot rows = read(unary("QueryTasks", QueryTasksRequest.newBuilder()
                .addIds(TaskId.newBuilder().setId(task)).build(), QueryTasksResponse.parser(), Map.of()).getData())) {
            assertThat(column(rows, "exec_status")).containsExactly("failed");
            assertThat(column(rows, "msgs").get(0)).contains("broken.rrd");
        }
    }

    @Test
    void theDefaultBlueprintIsSetAndReadBack() throws IOException {
        String dataset = dataset("robots");
        EntryId id = EntryId.parse(dataset);
        String blueprint = catalog.registerBlueprint(id, new ByteArrayInputStream(blueprintStream()), "bp.rbl", false)
                .segment().orElseThrow().value();
        DatasetEntry before = readDataset(Map.of("x-rerun-entry-id", dataset));
        assertThat(before.getDatasetDetails().hasBlueprintDataset()).isTrue();
        assertThat(before.getDatasetDetails().hasDefaultBlueprintSegment()).isFalse();
        UpdateDatasetEntryResponse updated = unary("UpdateDatasetEntry", UpdateDatasetEntryRequest.newBuilder()
                .setId(before.getDetails().getId())
                .setDatasetDetails(dev.reel.rrd.proto.cloud.DatasetDetails.newBuilder()
                        .setBlueprintDataset(before.getDatasetDetails().getBlueprintDataset())
                        .setDefaultBlueprintSegment(SegmentId.newBuilder().setId(blueprint)))
                .build(), UpdateDatasetEntryResponse.parser(), Map.of());
        assertThat(updated.getDataset().getDatasetDetails().getDefaultBlueprintSegment().getId()).isEqualTo(blueprint);
        assertThat(readDataset(Map.of("x-rerun-entry-id", dataset)).getDatasetDetails().getDefaultBlueprintSegment()
                .getId()).isEqualTo(blueprint);
        // the blueprint dataset is a dataset of blueprints the viewer queries like any other
        String blueprints = RedapIds.entryId(before.getDatasetDetails().getBlueprintDataset()).toString();
        assertThat(readDataset(Map.of("x-rerun-entry-id", blueprints)).getDatasetHandle().getStoreKindValue())
                .isEqualTo(2);
        assertThat(queryColumn(blueprints, viewerQuery(blueprint), "chunk_segment_id")).isNotEmpty();
    }

    @Test
    void writeChunksMakesEachSegmentOfTheStreamABaseLayer() throws Exception {
        String dataset = dataset("written");
        List<RerunChunk> chunks = new ArrayList<>();
        chunks.addAll(rerunChunks(recording("a.rrd", "a", 8, "value"), "seg-a"));
        chunks.addAll(rerunChunks(recording("b.rrd", "b", 8, "value"), "seg-b"));
        writeChunks(dataset, chunks);
        try (VectorSchemaRoot rows = read(stream("ScanSegmentTable", ScanSegmentTableRequest.getDefaultInstance(),
                ScanSegmentTableResponse.parser(), Map.of("x-rerun-entry-id", dataset)).get(0).getData())) {
            assertThat(column(rows, "rerun_segment_id")).containsExactlyInAnyOrder("seg-a", "seg-b");
        }
        QueryDatasetRequest all = viewerQuery("seg-a").toBuilder().clearSegmentIds().build();
        assertThat(queryColumn(dataset, all, "rerun_segment_layer")).hasSize(chunks.size()).containsOnly("base");
        // as Rerun's server: the base layer exists now; a chunk must name its segment
        assertStatus(() -> writeChunks(dataset, chunks.subList(0, 1)), Status.Code.ALREADY_EXISTS);
        List<RerunChunk> untagged = rerunChunks(recording("c.rrd", "c", 2, "value"), null);
        assertStatus(() -> writeChunks(dataset, untagged), Status.Code.INVALID_ARGUMENT);
    }

    /** The recording's chunks as WriteChunks carries them: Arrow IPC, tagged with a segment when one is given. */
    private List<RerunChunk> rerunChunks(Path file, String segment) throws IOException {
        List<RerunChunk> chunks = new ArrayList<>();
        for (LogMsg message : RrdReader.readAll(file, arrow.allocator())) {
            try (message) {
                if (!(message instanceof dev.reel.api.log.ArrowMsg arrowMsg)) {
                    continue;
                }
                VectorSchemaRoot batch = arrowMsg.chunk().recordBatch();
                Map<String, String> metadata = new java.util.HashMap<>(batch.getSchema().getCustomMetadata());
                if (segment != null) {
                    metadata.put("rerun:segment_id", segment);
                }
                VectorSchemaRoot tagged = new VectorSchemaRoot(new org.apache.arrow.vector.types.pojo.Schema(
                        batch.getSchema().getFields(), metadata), batch.getFieldVectors(), batch.getRowCount());
                ByteArrayOutputStream ipc = new ByteArrayOutputStream();
                try (ArrowStreamWriter writer = new ArrowStreamWriter(tagged, null, ipc)) {
                    writer.start();
                    writer.writeBatch();
                    writer.end();
                }
                chunks.add(RerunChunk.newBuilder().setEncoderVersionValue(1)
                        .setPayload(ByteString.copyFrom(ipc.toByteArray())).build());
            }
        }
        return chunks;
    }

    private void writeChunks(String dataset, List<RerunChunk> chunks) {
        java.util.concurrent.CompletableFuture<WriteChunksResponse> done = new java.util.concurrent.CompletableFuture<>();
        io.grpc.stub.StreamObserver<WriteChunksRequest> requests = ClientCalls.asyncClientStreamingCall(
                ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(metadata(
                        Map.of("x-rerun-entry-id", dataset)))).newCall(descriptor("WriteChunks",
                        MethodDescriptor.MethodType.CLIENT_STREAMING, WriteChunksResponse.parser()),
                        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)),
                new io.grpc.stub.StreamObserver<WriteChunksResponse>() {
                    @Override
                    public void onNext(WriteChunksResponse value) {
                        done.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(WriteChunksResponse.getDefaultInstance());
                    }
                });
        chunks.forEach(chunk -> requests.onNext(WriteChunksRequest.newBuilder().setChunk(chunk).build()));
        requests.onCompleted();
        try {
            done.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void schemasLatestAtAndTasksOnCompletion() throws IOException {
        String dataset = dataset("robots");
        Path file = recording("run-1.rrd", "run-1", FRAMES, "value");
        RegisterWithDatasetResponse registered = unary("RegisterWithDataset", RegisterWithDatasetRequest.newBuilder()
                .addDataSources(source(file, Optional.empty())).build(), RegisterWithDatasetResponse.parser(),
                Map.of("x-rerun-entry-id", dataset));
        String task;
        try (VectorSchemaRoot rows = read(registered.getData())) {
            task = column(rows, "rerun_task_id").get(0);
        }
        List<QueryTasksOnCompletionResponse> done = stream("QueryTasksOnCompletion", QueryTasksOnCompletionRequest
                .newBuilder().addIds(TaskId.newBuilder().setId(task)).build(),
                QueryTasksOnCompletionResponse.parser(), Map.of());
        try (VectorSchemaRoot rows = read(done.get(0).getData())) {
            assertThat(column(rows, "exec_status")).containsExactly("success");
        }
        // the dataset's schema (Sorbet: an index column per timeline, a column per entity and component)
        var schema = schemaOf(unary("GetDatasetSchema", GetDatasetSchemaRequest.getDefaultInstance(),
                GetDatasetSchemaResponse.parser(), Map.of("x-rerun-entry-id", dataset)).getSchema().getArrowSchema());
        assertThat(schema.findField("frame").getMetadata()).containsEntry("rerun:kind", "index");
        assertThat(schema.getFields()).anySatisfy(f -> assertThat(f.getName()).contains("value"));
        var manifest = schemaOf(unary("GetDatasetManifestSchema", GetDatasetManifestSchemaRequest
                .getDefaultInstance(), GetDatasetManifestSchemaResponse.parser(), Map.of("x-rerun-entry-id", dataset))
                .getSchema().getArrowSchema());
        assertThat(manifest.getFields()).extracting(Field::getName).contains("rerun_layer_name", "rerun_segment_id",
                "rerun_storage_url", "rerun_registration_status");
        // B.2 latest-at: static data, and every temporal chunk with data at or before the time (a superset)
        Query atFive = Query.newBuilder().setLatestAt(QueryLatestAt.newBuilder().setIndex(frame()).setAt(5)).build();
        List<String> atFiveChunks = queryColumn(dataset, viewerQuery("run-1").toBuilder().setQuery(atFive).build(),
                "chunk_entity_path");
        List<String> all = queryColumn(dataset, viewerQuery("run-1"), "chunk_entity_path");
        assertThat(atFiveChunks).contains("/about", "/value").hasSizeLessThan(all.size());
    }

    @Test
    void tokensDecideWhoReadsAndWhoWrites() throws Exception {
        stop();
        start(Map.of("token.viewer", "read:sha256:" + AccessTokens.sha256("reel_read"),
                "token.robot", "read-write:sha256:" + AccessTokens.sha256("reel_write")));
        Map<String, String> reader = Map.of("authorization", "Bearer reel_read");
        Map<String, String> writer = Map.of("authorization", "Bearer reel_write");
        WhoAmIResponse viewer = unary("WhoAmI", WhoAmIRequest.getDefaultInstance(), WhoAmIResponse.parser(), reader);
        assertThat(viewer.getCanRead()).isTrue();
        assertThat(viewer.getCanWrite()).isFalse();
        assertThat(viewer.getUserId()).isEqualTo("viewer");
        assertThat(unary("WhoAmI", WhoAmIRequest.getDefaultInstance(), WhoAmIResponse.parser(), writer)
                .getCanWrite()).isTrue();
        assertStatus(() -> unary("WhoAmI", WhoAmIRequest.getDefaultInstance(), WhoAmIResponse.parser(), Map.of()),
                Status.Code.UNAUTHENTICATED);
        assertStatus(() -> unary("CreateDatasetEntry", CreateDatasetEntryRequest.newBuilder().setName("x").build(),
                dev.reel.rrd.proto.cloud.CreateDatasetEntryResponse.parser(), reader), Status.Code.PERMISSION_DENIED);
        unary("CreateDatasetEntry", CreateDatasetEntryRequest.newBuilder().setName("x").build(),
                dev.reel.rrd.proto.cloud.CreateDatasetEntryResponse.parser(), writer);
        assertThat(unary("FindEntries", FindEntriesRequest.getDefaultInstance(), FindEntriesResponse.parser(),
                reader).getEntriesList()).extracting(EntryDetails::getName).contains("x");
    }

    @Test
    void whatReelDoesNotServeIsUnimplementedAtOnce() {
        String dataset = dataset("robots");
        // GetRrdManifest declined at call time sends the viewer to QueryDataset (§2 row 4)
        assertStatus(() -> stream("GetRrdManifest", GetRrdManifestRequest.newBuilder().setSegmentId(
                SegmentId.newBuilder().setId("run-1")).build(), GetRrdManifestResponse.parser(),
                Map.of("x-rerun-entry-id", dataset)), Status.Code.UNIMPLEMENTED);
        assertStatus(() -> unary("DoGlobalMaintenance", VersionRequest.getDefaultInstance(), VersionResponse.parser(),
                Map.of()), Status.Code.UNIMPLEMENTED);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private String dataset(String name) {
        DatasetEntry created = unary("CreateDatasetEntry", CreateDatasetEntryRequest.newBuilder().setName(name)
                .build(), dev.reel.rrd.proto.cloud.CreateDatasetEntryResponse.parser(), Map.of()).getDataset();
        return RedapIds.entryId(created.getDetails().getId()).toString();
    }

    private DatasetEntry readDataset(Map<String, String> headers) {
        return unary("ReadDatasetEntry", ReadDatasetEntryRequest.getDefaultInstance(),
                ReadDatasetEntryResponse.parser(), headers).getDataset();
    }

    private FindEntriesResponse findEntries(EntryFilter filter) {
        return unary("FindEntries", FindEntriesRequest.newBuilder().setFilter(filter).build(),
                FindEntriesResponse.parser(), Map.of());
    }

    /** QueryDataset exactly as the 0.33 viewer sends it (§2.2). */
    private static QueryDatasetRequest viewerQuery(String segment) {
        return QueryDatasetRequest.newBuilder()
                .addSegmentIds(SegmentId.newBuilder().setId(segment))
                .setSelectAllEntityPaths(true)
                .setScanParameters(dev.reel.rrd.proto.common.ScanParameters.newBuilder()
                        .addAllColumns(List.of("chunk_key", "chunk_id", "chunk_segment_id", "rerun_segment_layer",
                                "chunk_byte_len")))
                .build();
    }

    private List<String> queryColumn(String dataset, QueryDatasetRequest request, String name) {
        List<String> values = new ArrayList<>();
        for (QueryDatasetResponse part : stream("QueryDataset", request, QueryDatasetResponse.parser(),
                Map.of("x-rerun-entry-id", dataset))) {
            try (VectorSchemaRoot rows = read(part.getData())) {
                values.addAll(column(rows, name));
            }
        }
        return values;
    }

    private static IndexColumnSelector frame() {
        return IndexColumnSelector.newBuilder().setTimeline(Timeline.newBuilder().setName("frame")).build();
    }

    private static DataSource source(Path file, Optional<String> layer) {
        DataSource.Builder source = DataSource.newBuilder().setStorageUrl(file.toUri().toString()).setTypValue(1);
        layer.ifPresent(source::setLayer);
        return source.build();
    }

    private Path recording(String name, String recordingId, int frames, String entity) throws IOException {
        Path file = data.resolve("recordings").resolve(name);
        try (RecordingStream rec = RecordingStream.builder("data_platform").recordingId(recordingId).logTime(false)
                .batching(new BatcherConfig(4, 1 << 20, Duration.ZERO)).saveTo(file)) {
            rec.logStatic("about", TextLog.of(recordingId));
            for (int frame = 0; frame < frames; frame++) {
                rec.setTime("frame", frame);
                rec.log(entity, Scalars.of(frame));
            }
        }
        return file;
    }

    private static byte[] blueprintStream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder("data_platform").logTime(false).to(out)) {
            rec.sendBlueprint(Blueprint.empty().withTimePanel(Blueprint.PanelState.COLLAPSED), true, true);
        }
        return out.toByteArray();
    }

    /** Rows {@code from..from+count} of the answer as the viewer sends them back: LZ4-compressed IPC (§4.2). */
    private DataframePart lz4Slice(VectorSchemaRoot rows, int from, int count) {
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
            LZ4Compressor lz4 = LZ4Factory.fastestInstance().fastCompressor();
            byte[] compressed = lz4.compress(raw);
            return DataframePart.newBuilder().setEncoderVersionValue(1).setCompression(Compression.COMPRESSION_LZ4)
                    .setUncompressedSize(raw.length).setPayload(ByteString.copyFrom(compressed)).build();
        }
    }

    private VectorSchemaRoot read(DataframePart part) {
        try {
            return DataframeParts.read(part, arrow.allocator(), "answer");
        } catch (dev.reel.rrd.RrdFormatException e) {
            throw new AssertionError(e);
        }
    }

    private org.apache.arrow.vector.types.pojo.Schema schemaOf(ByteString ipc) {
        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(ipc.toByteArray()),
                arrow.allocator())) {
            return reader.getVectorSchemaRoot().getSchema();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> column(VectorSchemaRoot rows, String name) {
        FieldVector vector = rows.getVector(name);
        List<String> values = new ArrayList<>();
        for (int row = 0; row < rows.getRowCount(); row++) {
            values.add(vector.isNull(row) ? null : vector instanceof VarCharVector text
                    ? new String(text.get(row), StandardCharsets.UTF_8) : String.valueOf(vector.getObject(row)));
        }
        return values;
    }

    private static List<String> hex(VectorSchemaRoot rows, String name) {
        FixedSizeBinaryVector vector = (FixedSizeBinaryVector) rows.getVector(name);
        List<String> values = new ArrayList<>();
        for (int row = 0; row < rows.getRowCount(); row++) {
            values.add(java.util.HexFormat.of().formatHex(vector.get(row)));
        }
        return values;
    }

    private static Set<String> lower(Set<String> values) {
        Set<String> lowered = new HashSet<>();
        values.forEach(v -> lowered.add(v.toLowerCase()));
        return lowered;
    }

    private static <T extends MessageLite> T parse(Parser<T> parser, ByteString bytes) {
        try {
            return parser.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertStatus(Runnable call, Status.Code code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code));
    }

    private <Q extends MessageLite, A extends MessageLite> A unary(String method, Q request, Parser<A> parser,
            Map<String, String> headers) {
        return unary(method, request, parser, metadata(headers));
    }

    private <Q extends MessageLite, A extends MessageLite> A unary(String method, Q request, Parser<A> parser,
            Metadata headers) {
        return ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(channel,
                MetadataUtils.newAttachHeadersInterceptor(headers)), descriptor(method,
                MethodDescriptor.MethodType.UNARY, parser), CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                request);
    }

    private <Q extends MessageLite, A extends MessageLite> List<A> stream(String method, Q request, Parser<A> parser,
            Map<String, String> headers) {
        List<A> answers = new ArrayList<>();
        ClientCalls.blockingServerStreamingCall(ClientInterceptors.intercept(channel,
                MetadataUtils.newAttachHeadersInterceptor(metadata(headers))), descriptor(method,
                MethodDescriptor.MethodType.SERVER_STREAMING, parser),
                CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), request).forEachRemaining(answers::add);
        return answers;
    }

    private static Metadata metadata(Map<String, String> headers) {
        Metadata metadata = new Metadata();
        headers.forEach((k, v) -> metadata.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
        return metadata;
    }

    private static <Q extends MessageLite, A extends MessageLite> MethodDescriptor<Q, A> descriptor(String method,
            MethodDescriptor.MethodType type, Parser<A> parser) {
        return MethodDescriptor.<Q, A>newBuilder(new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(Q value) {
                return value.toByteString().newInput();
            }

            @Override
            public Q parse(InputStream stream) {
                throw new UnsupportedOperationException("the client never parses requests");
            }
        }, new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(A value) {
                return value.toByteString().newInput();
            }

            @Override
            public A parse(InputStream stream) {
                try {
                    return parser.parseFrom(stream);
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }).setType(type).setFullMethodName(SERVICE + "/" + method).build();
    }
}
