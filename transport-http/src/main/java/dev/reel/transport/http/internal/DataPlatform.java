package dev.reel.transport.http.internal;

import static dev.reel.transport.http.internal.GrpcAnswers.invalidArgument;
import static dev.reel.transport.http.internal.GrpcAnswers.notFound;
import static dev.reel.transport.http.internal.GrpcAnswers.unimplemented;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.reel.api.EntryId;
import dev.reel.api.EntryName;
import dev.reel.api.LayerName;
import dev.reel.api.SegmentId;
import dev.reel.api.spi.RecordingCodec;
import dev.reel.catalog.Catalog;
import dev.reel.catalog.ChunkQuery;
import dev.reel.catalog.DataSource;
import dev.reel.catalog.Entry;
import dev.reel.catalog.EntryKind;
import dev.reel.catalog.OnDuplicate;
import dev.reel.catalog.Registration;
import dev.reel.rrd.DataframeParts;
import dev.reel.rrd.proto.cloud.CreateDatasetEntryRequest;
import dev.reel.rrd.proto.cloud.CreateDatasetEntryResponse;
import dev.reel.rrd.proto.cloud.DeleteEntryRequest;
import dev.reel.rrd.proto.cloud.DeleteEntryResponse;
import dev.reel.rrd.proto.cloud.EntryFilter;
import dev.reel.rrd.proto.cloud.FetchChunksRequest;
import dev.reel.rrd.proto.cloud.FindEntriesRequest;
import dev.reel.rrd.proto.cloud.FindEntriesResponse;
import dev.reel.rrd.proto.cloud.GetDatasetManifestSchemaRequest;
import dev.reel.rrd.proto.cloud.GetDatasetManifestSchemaResponse;
import dev.reel.rrd.proto.cloud.GetDatasetSchemaRequest;
import dev.reel.rrd.proto.cloud.GetDatasetSchemaResponse;
import dev.reel.rrd.proto.cloud.GetRrdManifestRequest;
import dev.reel.rrd.proto.cloud.GetSegmentTableSchemaRequest;
import dev.reel.rrd.proto.cloud.GetSegmentTableSchemaResponse;
import dev.reel.rrd.proto.cloud.GetTableSchemaRequest;
import dev.reel.rrd.proto.cloud.GetTableSchemaResponse;
import dev.reel.rrd.proto.cloud.QueryDatasetRequest;
import dev.reel.rrd.proto.cloud.QueryDatasetResponse;
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
import dev.reel.rrd.proto.common.BuildInfo;
import dev.reel.rrd.proto.common.DataframePart;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServerRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rerun's Data Platform API, {@code rerun.cloud.v1alpha1.RerunCloudService} at Rerun 0.33.0 (rerun-data-platform.md
 * §B, rerun-viewer-redap-calls.md), over Reel's persistent catalog: what the Rerun viewer calls to browse a
 * server's datasets and open a segment, and what Rerun's catalog client calls to manage them. Entry-scoped calls
 * name their entry with the {@code x-rerun-entry-id} header (or {@code x-rerun-entry-name-bin}); calls Reel does not
 * serve answer {@code UNIMPLEMENTED} with a reason, at once.
 */
final class DataPlatform {
    static final String SERVICE = "rerun.cloud.v1alpha1.RerunCloudService";
    /** Calls that only read: a {@code read} token may make them. */
    static final Set<String> READS = Set.of("Version", "WhoAmI", "FindEntries", "ReadDatasetEntry",
            "ReadTableEntry", "GetSegmentTableSchema", "ScanSegmentTable", "GetDatasetManifestSchema",
            "ScanDatasetManifest", "GetDatasetSchema", "GetRrdManifest", "QueryDataset", "FetchChunks",
            "GetTableSchema", "ScanTable", "QueryTasks", "QueryTasksOnCompletion");
    static final String ENTRY_ID_HEADER = "x-rerun-entry-id";
    /** About how many bytes of Arrow data one part of a streamed table holds. */
    static final long PART_BYTES = 1 << 20;
    static final String ENTRY_NAME_HEADER = "x-rerun-entry-name-bin";
    private static final Logger LOG = LoggerFactory.getLogger(DataPlatform.class);

    private final Vertx vertx;
    private final GrpcAnswers answers;
    private final CatalogCalls catalogs;
    private final RecordingCodec recordings;
    private final BufferAllocator allocator;
    private final AccessTokens tokens;
    private final RedapTables tables;
    private final RegistrationTasks tasks = new RegistrationTasks();

    DataPlatform(Vertx vertx, CatalogCalls catalogs, RecordingCodec recordings,
            BufferAllocator allocator, AccessTokens tokens) {
        this.vertx = vertx;
        this.answers = new GrpcAnswers(vertx);
        this.catalogs = catalogs;
        this.recordings = recordings;
        this.allocator = allocator;
        this.tokens = tokens;
        this.tables = new RedapTables(allocator);
    }

    /** A call to {@link #SERVICE}. */
    void handle(GrpcServerRequest<Buffer, Buffer> call) {
        String method = call.fullMethodName().substring(SERVICE.length() + 1);
        MultiMap headers = call.headers();
        switch (method) {
            case "Version" -> answers.unary(call, VersionRequest.parser(), r -> version());
            case "WhoAmI" -> answers.unary(call, WhoAmIRequest.parser(), r -> whoAmI(headers));
            case "FindEntries" -> answers.unary(call, FindEntriesRequest.parser(), this::findEntries);
            case "ReadDatasetEntry" -> answers.unary(call, ReadDatasetEntryRequest.parser(),
                    r -> ReadDatasetEntryResponse.newBuilder().setDataset(datasetEntry(dataset(headers))).build());
            case "CreateDatasetEntry" -> answers.unary(call, CreateDatasetEntryRequest.parser(),
                    this::createDataset);
            case "UpdateEntry" -> answers.unary(call, UpdateEntryRequest.parser(), this::updateEntry);
            case "DeleteEntry" -> answers.unary(call, DeleteEntryRequest.parser(), r -> deleteEntry(headers, r));
            case "UpdateDatasetEntry" -> answers.unary(call, UpdateDatasetEntryRequest.parser(),
                    r -> updateDataset(headers, r));
            case "ReadTableEntry" -> answers.unary(call, ReadTableEntryRequest.parser(), r -> readTable(headers, r));
            case "GetTableSchema" -> answers.unary(call, GetTableSchemaRequest.parser(),
                    r -> GetTableSchemaResponse.newBuilder().setSchema(
                            DataframeParts.schema(tables.entriesSchema(), allocator)).build());
            case "ScanTable" -> answers.streaming(call, ScanTableRequest.parser(), (r, out) -> scanTable(headers, r,
                    out));
            case "RegisterWithDataset" -> answers.unary(call, RegisterWithDatasetRequest.parser(),
                    r -> register(headers, r));
            case "UnregisterFromDataset" -> answers.streaming(call, UnregisterFromDatasetRequest.parser(),
                    (r, out) -> unregister(headers, r, out));
            case "WriteChunks" -> writeChunks(call, headers);
            case "GetSegmentTableSchema" -> answers.unary(call, GetSegmentTableSchemaRequest.parser(),
                    r -> GetSegmentTableSchemaResponse.newBuilder().setSchema(segmentTableSchema(headers)).build());
            case "ScanSegmentTable" -> answers.streaming(call, ScanSegmentTableRequest.parser(),
                    (r, out) -> out.send(ScanSegmentTableResponse.newBuilder()
                            .setData(segmentTable(headers, r.getColumnsList())).build()));
            case "GetDatasetManifestSchema" -> answers.unary(call, GetDatasetManifestSchemaRequest.parser(),
                    r -> GetDatasetManifestSchemaResponse.newBuilder().setSchema(manifestSchema(headers)).build());
            case "ScanDatasetManifest" -> answers.streaming(call, ScanDatasetManifestRequest.parser(),
                    (r, out) -> out.send(ScanDatasetManifestResponse.newBuilder()
                            .setData(manifest(headers, r.getColumnsList())).build()));
            case "GetDatasetSchema" -> answers.unary(call, GetDatasetSchemaRequest.parser(),
                    r -> GetDatasetSchemaResponse.newBuilder().setSchema(DataframeParts.schema(
                            catalog().datasetSchema(dataset(headers).id()), allocator)).build());
            case "GetRrdManifest" -> answers.streaming(call, GetRrdManifestRequest.parser(), (r, out) -> {
                dataset(headers);
                // the viewer then takes the two-step path (QueryDataset, FetchChunks): it needs this at call time
                throw unimplemented("Reel answers GetRrdManifest's question with QueryDataset");
            });
            case "QueryDataset" -> answers.streaming(call, QueryDatasetRequest.parser(),
                    (r, out) -> queryDataset(headers, r, out));
            case "FetchChunks" -> answers.streaming(call, FetchChunksRequest.parser(), this::fetchChunks);
            case "QueryTasks" -> answers.unary(call, QueryTasksRequest.parser(),
                    r -> QueryTasksResponse.newBuilder().setData(tasks.table(r.getIdsList(), tables)).build());
            case "QueryTasksOnCompletion" -> answers.streaming(call, QueryTasksOnCompletionRequest.parser(),
                    (r, out) -> out.send(QueryTasksOnCompletionResponse.newBuilder()
                            // registration is synchronous: every task is complete when its id is known
                            .setData(tasks.table(r.getIdsList(), tables)).build()));
            default -> {
                LOG.info("gRPC {}: not served", call.fullMethodName());
                call.handler(ignored -> { });
                call.response().status(GrpcStatus.UNIMPLEMENTED)
                        .statusMessage("Reel does not serve " + method + " of " + SERVICE).end();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ server

    private static VersionResponse version() {
        String version = Optional.ofNullable(DataPlatform.class.getPackage().getImplementationVersion())
                .orElse("dev");
        return VersionResponse.newBuilder()
                .setVersion(version)
                .setBuildInfo(BuildInfo.newBuilder().setCrateName("reel"))
                .build();
    }

    /** Who the caller's token says it is: without tokens configured everyone reads and writes, as Rerun's OSS. */
    private WhoAmIResponse whoAmI(MultiMap headers) {
        if (!tokens.required()) {
            return WhoAmIResponse.newBuilder().setCanRead(true).setCanWrite(true).build();
        }
        String authorization = headers.get("authorization");
        Optional<AccessTokens.Scope> scope = tokens.scopeOf(authorization);
        WhoAmIResponse.Builder answer = WhoAmIResponse.newBuilder()
                .setCanRead(scope.isPresent())
                .setCanWrite(scope.filter(s -> s.allows(AccessTokens.Scope.READ_WRITE)).isPresent());
        tokens.nameOf(authorization).ifPresent(answer::setUserId);
        return answer.build();
    }

    // ----------------------------------------------------------------------------------------------- entries

    private FindEntriesResponse findEntries(FindEntriesRequest request) {
        EntryFilter filter = request.getFilter();
        Set<EntryKind> kinds = EnumSet.of(EntryKind.DATASET, EntryKind.TABLE, EntryKind.BLUEPRINT_DATASET);
        if (filter.hasEntryKind()) {
            int kind = filter.getEntryKindValue();
            if (kind == 0) {
                throw invalidArgument("find_entries: entry kind unspecified");
            }
            if (kind == EntryKind.DATASET_VIEW.protoNumber() || kind == EntryKind.TABLE_VIEW.protoNumber()) {
                throw unimplemented("find_entries: dataset and table views are not supported");
            }
            kinds = EnumSet.of(EntryKind.fromProtoNumber(kind));
        }
        Optional<EntryId> id = filter.hasId() ? Optional.of(RedapIds.entryId(filter.getId())) : Optional.empty();
        Optional<EntryName> name = filter.hasName() ? Optional.of(EntryName.of(filter.getName())) : Optional.empty();
        FindEntriesResponse.Builder answer = FindEntriesResponse.newBuilder();
        for (Entry entry : catalog().entries(kinds, true)) {
            if (id.map(entry.id()::equals).orElse(true) && name.map(entry.name()::equals).orElse(true)) {
                answer.addEntries(RedapIds.details(entry));
            }
        }
        Entry entries = RedapTables.ENTRIES_TABLE;
        if (kinds.contains(EntryKind.TABLE) && id.map(entries.id()::equals).orElse(true)
                && name.map(entries.name()::equals).orElse(true)) {
            answer.addEntries(RedapIds.details(entries));
        }
        return answer.build();
    }

    private CreateDatasetEntryResponse createDataset(CreateDatasetEntryRequest request) {
        if (!request.hasName()) {
            throw invalidArgument("a dataset needs a name");
        }
        if (request.hasId()) {
            throw unimplemented("Reel chooses dataset ids itself: leave id unset");
        }
        Entry created = catalog().createDataset(EntryName.of(request.getName()));
        return CreateDatasetEntryResponse.newBuilder().setDataset(datasetEntry(created)).build();
    }

    private UpdateEntryResponse updateEntry(UpdateEntryRequest request) {
        if (!request.hasId()) {
            throw invalidArgument("UpdateEntry needs the entry's id");
        }
        EntryId id = RedapIds.entryId(request.getId());
        Entry entry = request.getEntryDetailsUpdate().hasName()
                ? catalog().rename(id, EntryName.of(request.getEntryDetailsUpdate().getName()))
                : catalog().entry(id).orElseThrow(() -> notFound("no entry " + id));
        return UpdateEntryResponse.newBuilder().setEntryDetails(RedapIds.details(entry)).build();
    }

    private DeleteEntryResponse deleteEntry(MultiMap headers, DeleteEntryRequest request) {
        EntryId id = request.hasId() ? RedapIds.entryId(request.getId()) : entry(headers).id();
        if (id.equals(RedapTables.ENTRIES_TABLE.id())) {
            throw invalidArgument("__entries is a system table");
        }
        catalog().delete(id);
        return DeleteEntryResponse.getDefaultInstance();
    }

    private UpdateDatasetEntryResponse updateDataset(MultiMap headers, UpdateDatasetEntryRequest request) {
        Entry dataset = request.hasId() ? datasetById(RedapIds.entryId(request.getId())) : dataset(headers);
        var details = request.getDatasetDetails();
        if (details.hasBlueprintDataset()) {
            Optional<Entry> own = blueprintDataset(dataset);
            if (own.isEmpty() || !own.get().id().equals(RedapIds.entryId(details.getBlueprintDataset()))) {
                throw invalidArgument("the blueprint dataset of '" + dataset.name() + "' is "
                        + own.map(e -> e.id().toString()).orElse("not created yet (register a blueprint)"));
            }
        }
        Optional<SegmentId> blueprint = details.hasDefaultBlueprintSegment()
                ? Optional.of(new SegmentId(details.getDefaultBlueprintSegment().getId()))
                : Optional.empty();
        Entry updated = catalog().setDefaultBlueprint(dataset.id(), blueprint);
        return UpdateDatasetEntryResponse.newBuilder().setDataset(datasetEntry(updated)).build();
    }

    private ReadTableEntryResponse readTable(MultiMap headers, ReadTableEntryRequest request) {
        EntryId id = request.hasId() ? RedapIds.entryId(request.getId()) : entry(headers).id();
        if (!id.equals(RedapTables.ENTRIES_TABLE.id())) {
            Entry entry = catalog().entry(id).orElseThrow(() -> notFound("no entry " + id));
            throw unimplemented("table '" + entry.name() + "' is served by Reel's REST API, not yet here");
        }
        return ReadTableEntryResponse.newBuilder().setTable(tables.entriesTableEntry()).build();
    }

    private void scanTable(MultiMap headers, ScanTableRequest request, GrpcAnswers.Out out) {
        EntryId id = request.hasTableId() ? RedapIds.entryId(request.getTableId()) : entry(headers).id();
        if (!id.equals(RedapTables.ENTRIES_TABLE.id())) {
            throw unimplemented("only the __entries table is served here");
        }
        List<Entry> entries = new ArrayList<>(catalog().entries(EnumSet.allOf(EntryKind.class), true));
        entries.add(RedapTables.ENTRIES_TABLE);
        out.send(ScanTableResponse.newBuilder().setDataframePart(tables.entries(entries)).build());
    }

    // ------------------------------------------------------------------------------------------ registration

    private RegisterWithDatasetResponse register(MultiMap headers, RegisterWithDatasetRequest request) {
        Entry dataset = dataset(headers);
        OnDuplicate onDuplicate = switch (request.getOnDuplicateValue()) {
            case 0, 1 -> OnDuplicate.ERROR;
            case 2 -> OnDuplicate.SKIP;
            case 3 -> OnDuplicate.REPLACE;
            default -> throw invalidArgument("unknown on_duplicate " + request.getOnDuplicateValue());
        };
        List<DataSource> sources = new ArrayList<>();
        for (var source : request.getDataSourcesList()) {
            if (!source.hasStorageUrl()) {
                throw invalidArgument("a data source needs a storage_url");
            }
            if (source.getTypValue() > 1) {
                throw invalidArgument("data source kind " + source.getTypValue() + " is not known: RRD is 1");
            }
            sources.add(new DataSource(source.getStorageUrl(),
                    source.hasLayer() ? new LayerName(source.getLayer()) : LayerName.BASE, source.getPrefix(), false));
        }
        List<Registration> rows = catalog().register(dataset.id(), sources, onDuplicate, r -> { });
        rows.forEach(tasks::remember);
        return RegisterWithDatasetResponse.newBuilder().setData(tables.registrations(rows)).build();
    }

    /** Resolves the dataset first (a call without one is refused before any chunk is read), then spools. */
    private void writeChunks(GrpcServerRequest<Buffer, Buffer> call, MultiMap headers) {
        call.pause();
        vertx.executeBlocking(() -> dataset(headers), false).onComplete(found -> {
            call.resume();
            if (found.failed()) {
                call.handler(ignored -> { });
                GrpcAnswers.fail(call, found.cause());
            } else {
                new ChunkWriter(vertx, call, catalog(), found.result(), recordings, allocator).start();
            }
        });
    }

    private void unregister(MultiMap headers, UnregisterFromDatasetRequest request, GrpcAnswers.Out out) {
        Entry dataset = dataset(headers);
        Set<SegmentId> segments = new HashSet<>();
        request.getSegmentsToDropList().forEach(s -> segments.add(new SegmentId(s.getId())));
        Set<LayerName> layers = new HashSet<>();
        request.getLayersToDropList().forEach(l -> layers.add(new LayerName(l)));
        if (segments.isEmpty() && layers.isEmpty()) {
            throw invalidArgument("name segments_to_drop or layers_to_drop");
        }
        DataframePart removed;
        try (VectorSchemaRoot manifest = catalog().manifest(dataset.id(), allocator)) {
            removed = tables.manifestRows(manifest, segments, layers);
        }
        catalog().unregister(dataset.id(), segments, layers);
        out.send(UnregisterFromDatasetResponse.newBuilder().setData(removed).build());
    }

    // ------------------------------------------------------------------------------------------------ tables

    private dev.reel.rrd.proto.common.Schema segmentTableSchema(MultiMap headers) {
        try (VectorSchemaRoot table = catalog().segmentTable(dataset(headers).id(), allocator)) {
            return DataframeParts.schema(RedapTables.forRerun(table.getSchema()), allocator);
        }
    }

    private DataframePart segmentTable(MultiMap headers, List<String> columns) {
        try (VectorSchemaRoot table = catalog().segmentTable(dataset(headers).id(), allocator)) {
            return tables.part(table, columns);
        }
    }

    private dev.reel.rrd.proto.common.Schema manifestSchema(MultiMap headers) {
        try (VectorSchemaRoot table = catalog().manifest(dataset(headers).id(), allocator)) {
            return DataframeParts.schema(RedapTables.forRerun(table.getSchema()), allocator);
        }
    }

    private DataframePart manifest(MultiMap headers, List<String> columns) {
        try (VectorSchemaRoot table = catalog().manifest(dataset(headers).id(), allocator)) {
            return tables.part(table, columns);
        }
    }

    // ----------------------------------------------------------------------------------------------- queries

    private void queryDataset(MultiMap headers, QueryDatasetRequest request, GrpcAnswers.Out out) {
        Entry dataset = dataset(headers);
        ChunkQuery query = RedapQueries.chunkQuery(request);
        if (query == null) {
            return; // B.2: select_all_entity_paths=false and no paths selects nothing
        }
        try (VectorSchemaRoot chunks = catalog().query(dataset.id(), query, allocator)) {
            LOG.info("QueryDataset on '{}' (segments {}): {} chunks", dataset.name(),
                    query.segments().isEmpty() ? "all" : query.segments(), chunks.getRowCount());
            for (DataframePart part : RedapTables.parts(chunks, PART_BYTES)) {
                out.send(QueryDatasetResponse.newBuilder().setData(part).build());
            }
        }
    }

    /**
     * Step two (B.2): the chunks behind the {@code chunk_key}s of rows from {@code QueryDataset}, in the rows' order,
     * one {@code ArrowMsg} per response as Rerun's server sends them, forwarded from the registered files. The
     * viewer names no entry here: a key names its dataset.
     */
    private void fetchChunks(FetchChunksRequest request, GrpcAnswers.Out out) throws Exception {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < request.getChunkInfosCount(); i++) {
            try (VectorSchemaRoot rows = DataframeParts.read(request.getChunkInfos(i), allocator,
                    "FetchChunks chunk_infos[" + i + "]")) {
                if (!(rows.getVector("chunk_key") instanceof VarBinaryVector column)) {
                    throw invalidArgument("chunk_infos[" + i + "] has no chunk_key column (Binary): send back the rows "
                            + "QueryDataset answered");
                }
                for (int row = 0; row < rows.getRowCount(); row++) {
                    if (column.isNull(row)) {
                        throw invalidArgument("chunk_infos[" + i + "] row " + row + " has no chunk_key");
                    }
                    keys.add(column.get(row));
                }
            }
        }
        // the registered files' ArrowMsg bytes as they are: the viewer reads the chunk id from the Arrow metadata
        // and puts the chunk in its own store whatever store id the message names (§2.2)
        catalog().fetchEncoded(keys, chunk -> out.send(fetched(chunk)));
    }

    /** A {@code FetchChunksResponse} of one chunk, its {@code ArrowMsg} bytes as they are (not parsed). */
    private static byte[] fetched(byte[] chunk) {
        int size = chunk.length;
        byte[] bytes = new byte[CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(size)
                + size];
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED); // FetchChunksResponse.chunks
            out.writeUInt32NoTag(size);
            out.writeRawBytes(chunk);
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("a message sized in advance did not fit", e);
        }
        return bytes;
    }

    // ------------------------------------------------------------------------------------------------ entries

    private Catalog catalog() {
        return catalogs.catalog().orElseThrow(() -> new GrpcAnswers.GrpcFailure(GrpcStatus.UNAVAILABLE,
                "the catalog is not running on this server"));
    }

    /** The entry the call's headers name (B: the standard dataset headers). */
    private Entry entry(MultiMap headers) {
        String id = headers.get(ENTRY_ID_HEADER);
        if (id != null) {
            EntryId entryId;
            try {
                entryId = EntryId.parse(id.trim());
            } catch (IllegalArgumentException e) {
                throw invalidArgument(ENTRY_ID_HEADER + ": " + e.getMessage());
            }
            if (entryId.equals(RedapTables.ENTRIES_TABLE.id())) {
                return RedapTables.ENTRIES_TABLE;
            }
            return catalog().entry(entryId).orElseThrow(() -> notFound("no entry " + entryId));
        }
        String name = headers.get(ENTRY_NAME_HEADER);
        if (name != null) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(padded(name.trim())), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalidArgument(ENTRY_NAME_HEADER + " is not base64: " + e.getMessage());
            }
            EntryName entryName = EntryName.of(decoded);
            if (entryName.equals(RedapTables.ENTRIES_TABLE.name())) {
                return RedapTables.ENTRIES_TABLE;
            }
            return catalog().entry(entryName).orElseThrow(() -> notFound("no entry named '" + decoded + "'"));
        }
        throw invalidArgument("missing mandatory " + List.of(ENTRY_ID_HEADER, ENTRY_NAME_HEADER) + " HTTP headers");
    }

    private static String padded(String base64) {
        return base64 + "=".repeat((4 - base64.length() % 4) % 4);
    }

    private Entry dataset(MultiMap headers) {
        return requireDataset(entry(headers));
    }

    private Entry datasetById(EntryId id) {
        return requireDataset(catalog().entry(id).orElseThrow(() -> notFound("no entry " + id)));
    }

    private static Entry requireDataset(Entry entry) {
        if (!entry.kind().isDataset()) {
            throw invalidArgument("entry '" + entry.name() + "' is a " + entry.kind() + ", not a dataset");
        }
        return entry;
    }

    private Optional<Entry> blueprintDataset(Entry dataset) {
        return dataset.kind() == EntryKind.DATASET
                ? catalog().entry(EntryName.blueprintDatasetFor(dataset.id()))
                : Optional.empty();
    }

    private dev.reel.rrd.proto.cloud.DatasetEntry datasetEntry(Entry dataset) {
        return RedapIds.datasetEntry(dataset, blueprintDataset(dataset));
    }

    /** Whether a token of {@code read} scope may make the call. */
    static boolean isRead(String fullMethodName) {
        return fullMethodName.startsWith(SERVICE + "/")
                && READS.contains(fullMethodName.substring(SERVICE.length() + 1));
    }
}
