package dev.reel.transport.http.internal;

import dev.reel.api.EntryId;
import dev.reel.api.EntryName;
import dev.reel.api.LayerName;
import dev.reel.api.SegmentId;
import dev.reel.api.spi.RecordingCodec;
import dev.reel.api.spi.RecordingEncoder;
import dev.reel.catalog.Catalog;
import dev.reel.catalog.CatalogException;
import dev.reel.catalog.DataSource;
import dev.reel.catalog.Entry;
import dev.reel.catalog.EntryKind;
import dev.reel.catalog.Registration;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.inject.Inject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The catalog under {@code /api/datasets} (ARCHITECTURE "HTTP shapes"): datasets (create, list, read, rename,
 * delete), registration (register, unregister, upload, blueprint), and reads (segment table, manifest, schema,
 * query, fetch, and a segment as one {@code .rrd}). Tabular answers are JSON or, when asked, Arrow IPC; work runs
 * off the event loop through {@link CatalogCalls}.
 */
final class DatasetRoutes {
    /** JSON bodies are small; recordings come through the upload routes, which stream. */
    static final long JSON_BODY_LIMIT = 4L << 20;
    static final String NDJSON = "application/x-ndjson";

    private final CatalogCalls calls;
    private final CatalogUploads uploads;
    private final DataframeAnswers dataframes;
    private final RecordingCodec codec;
    private final BufferAllocator allocator;

    @Inject
    DatasetRoutes(CatalogCalls calls, CatalogUploads uploads, DataframeAnswers dataframes, RecordingCodec codec,
            BufferAllocator allocator) {
        this.calls = calls;
        this.uploads = uploads;
        this.dataframes = dataframes;
        this.codec = codec;
        this.allocator = allocator;
    }

    void mount(Router router) {
        BodyHandler json = BodyHandler.create(false).setBodyLimit(JSON_BODY_LIMIT);
        router.post("/api/datasets").handler(json).handler(this::create);
        router.get("/api/datasets").handler(this::list);
        router.get("/api/datasets/:name").handler(this::read);
        router.patch("/api/datasets/:name").handler(json).handler(this::rename);
        router.delete("/api/datasets/:name").handler(this::delete);
        router.post("/api/datasets/:name/register").handler(json).handler(this::register);
        router.post("/api/datasets/:name/unregister").handler(json).handler(this::unregister);
        router.post("/api/datasets/:name/upload").handler(uploads::recording);
        router.post("/api/datasets/:name/blueprint").consumes("application/json").handler(json)
                .handler(this::blueprintFromPath);
        router.post("/api/datasets/:name/blueprint").handler(uploads::blueprint);
        router.get("/api/datasets/:name/segments").handler(this::segmentTable);
        router.get("/api/datasets/:name/segments/:segment").handler(this::segment);
        router.get("/api/datasets/:name/manifest").handler(this::manifest);
        router.get("/api/datasets/:name/schema").handler(this::schema);
        router.post("/api/datasets/:name/query").handler(json).handler(this::query);
        router.post("/api/datasets/:name/fetch").handler(json).handler(this::fetch);
        router.get("/api/entries").handler(this::entries);
        router.get("/api/entries/:id").handler(this::entry);
    }

    /** The dataset a route names; 404 when there is none. */
    static Entry dataset(Catalog catalog, RoutingContext context) {
        String name = context.pathParam("name");
        return catalog.entry(EntryName.of(name)).filter(e -> e.kind() == EntryKind.DATASET)
                .orElseThrow(() -> CatalogException.notFound("no dataset '" + name + "'"));
    }

    private void create(RoutingContext context) {
        calls.call(context, catalog -> catalog.createDataset(EntryName.of(DatasetRequests.name(
                DatasetRequests.body(context)))), entry -> context.response().setStatusCode(201)
                        .putHeader("location", "/api/datasets/" + entry.name().value())
                        .putHeader("content-type", "application/json").end(DatasetJson.entry(entry).encode()));
    }

    private void list(RoutingContext context) {
        calls.call(context, catalog -> catalog.entries(Set.of(EntryKind.DATASET), false),
                entries -> json(context, DatasetJson.entries(entries).encode()));
    }

    /** {@code GET /api/entries?kind=dataset,table&hidden=true}: entries of every kind (A.1), by name. */
    private void entries(RoutingContext context) {
        calls.call(context, catalog -> {
            Set<EntryKind> kinds = EnumSet.noneOf(EntryKind.class);
            for (String kind : context.queryParam("kind").stream()
                    .flatMap(k -> Arrays.stream(k.split(","))).filter(k -> !k.isBlank()).toList()) {
                try {
                    kinds.add(EntryKind.valueOf(kind.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown entry kind '" + kind + "'; the kinds are "
                            + Arrays.stream(EntryKind.values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
                }
            }
            return catalog.entries(kinds, "true".equals(context.queryParams().get("hidden")));
        }, entries -> json(context, DatasetJson.entries(entries).encode()));
    }

    /** {@code GET /api/entries/{id}}: one entry by its id. */
    private void entry(RoutingContext context) {
        calls.call(context, catalog -> catalog.entry(EntryId.parse(context.pathParam("id")))
                .orElseThrow(() -> CatalogException.notFound("no entry " + context.pathParam("id"))),
                entry -> json(context, DatasetJson.entry(entry).encode()));
    }

    private void read(RoutingContext context) {
        calls.call(context, catalog -> dataset(catalog, context), entry -> json(context,
                DatasetJson.entry(entry).encode()));
    }

    private void rename(RoutingContext context) {
        calls.call(context, catalog -> catalog.rename(dataset(catalog, context).id(),
                EntryName.of(DatasetRequests.name(DatasetRequests.body(context)))),
                entry -> json(context, DatasetJson.entry(entry).encode()));
    }

    private void delete(RoutingContext context) {
        calls.call(context, catalog -> {
            catalog.delete(dataset(catalog, context).id());
            return true;
        }, done -> context.response().setStatusCode(204).end());
    }

    /**
     * Registration (A.3, A.7): the rows as a JSON array; with {@code Accept: application/x-ndjson}, a line per
     * registered file as it is indexed ({@code {"progress": row}}), then {@code {"rows": [...]}} or
     * {@code {"error": {"code", "message"}}}, so that a client can show progress over a long prefix.
     */
    private void register(RoutingContext context) {
        String accept = context.request().getHeader("accept");
        if (accept == null || !accept.contains(NDJSON)) {
            calls.call(context, catalog -> {
                DatasetRequests.Register request = DatasetRequests.register(DatasetRequests.body(context));
                return catalog.register(dataset(catalog, context).id(), request.sources(), request.onDuplicate(),
                        null);
            }, rows -> json(context, DatasetJson.registrations(rows).encode()));
            return;
        }
        RegistrationProgress progress = new RegistrationProgress(context);
        calls.call(context, catalog -> {
            DatasetRequests.Register request = DatasetRequests.register(DatasetRequests.body(context));
            Entry dataset = dataset(catalog, context);
            progress.start();
            try {
                return catalog.register(dataset.id(), request.sources(), request.onDuplicate(), progress::row);
            } catch (RuntimeException e) {
                progress.fail(e);
                return List.<Registration>of();
            }
        }, progress::finish);
    }

    private void unregister(RoutingContext context) {
        calls.call(context, catalog -> {
            JsonObject body = DatasetRequests.body(context);
            return catalog.unregister(dataset(catalog, context).id(), DatasetRequests.segments(body),
                    DatasetRequests.layers(body));
        }, removed -> json(context, new JsonObject().put("removed", removed).encode()));
    }

    /** {@code {"uri": "...", "default": true}}: a blueprint file under the allowed roots. */
    private void blueprintFromPath(RoutingContext context) {
        calls.call(context, catalog -> {
            JsonObject body = DatasetRequests.body(context);
            Object uri = body.getValue("uri");
            if (!(uri instanceof String location)) {
                throw new IllegalArgumentException("expected {\"uri\": \"...\"}, or an .rbl as the body");
            }
            Object makeDefault = body.getValue("default", true);
            return catalog.registerBlueprint(dataset(catalog, context).id(),
                    DataSource.file(location), Boolean.TRUE.equals(makeDefault));
        }, row -> json(context, DatasetJson.registration(row).encode()));
    }

    private void segmentTable(RoutingContext context) {
        calls.call(context, catalog -> TabularAnswer.of(context,
                catalog.segmentTable(dataset(catalog, context).id(), allocator), allocator), answer -> answer.send(context));
    }

    private void manifest(RoutingContext context) {
        calls.call(context, catalog -> TabularAnswer.of(context,
                catalog.manifest(dataset(catalog, context).id(), allocator), allocator), answer -> answer.send(context));
    }

    /** The dataset's schema: an empty Arrow IPC stream of it, or its fields as JSON. */
    private void schema(RoutingContext context) {
        calls.call(context, catalog -> TabularAnswer.schema(context,
                catalog.datasetSchema(dataset(catalog, context).id()), allocator), answer -> answer.send(context));
    }

    /** The segment as one {@code .rrd}: every layer pooled, with the dataset's default blueprint. */
    private void segment(RoutingContext context) {
        String file = context.pathParam("segment");
        if (!file.endsWith(".rrd") || file.length() == ".rrd".length()) {
            ApiErrors.send(context, 404, "not-found", "segments download as /api/datasets/{name}/segments/{id}.rrd");
            return;
        }
        SegmentId segment = new SegmentId(file.substring(0, file.length() - ".rrd".length()));
        calls.call(context, catalog -> {
            Entry dataset = dataset(catalog, context);
            RecordingEncoder encoder = codec.newEncoder(new BufferedOutputStream(
                    new ResponseOutputStream(context.response(), "application/octet-stream", file), 1 << 16));
            catalog.writeSegment(dataset.id(), segment, encoder);
            encoder.close();
            return true;
        }, done -> {});
    }

    /** Step two of a query: the chunks behind {@code chunk_key}s (base64, as the query gave them) as an .rrd. */
    private void fetch(RoutingContext context) {
        calls.call(context, catalog -> {
            Entry dataset = dataset(catalog, context);
            List<byte[]> keys = chunkKeys(DatasetRequests.body(context));
            RecordingEncoder encoder = codec.newEncoder(new BufferedOutputStream(
                    new ResponseOutputStream(context.response(), "application/octet-stream", "chunks.rrd"), 1 << 16));
            catalog.fetch(dataset.id(), keys, allocator, message -> {
                try (message) {
                    encoder.write(message);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            encoder.close();
            return true;
        }, done -> {});
    }

    private static List<byte[]> chunkKeys(JsonObject body) {
        Object keys = body.getValue("chunk_keys");
        if (!(keys instanceof JsonArray array) || array.isEmpty()) {
            throw new IllegalArgumentException("expected {\"chunk_keys\": [...]}: the base64 chunk_key values a "
                    + "query answered");
        }
        return array.stream().map(key -> {
            if (!(key instanceof String text)) {
                throw new IllegalArgumentException("a chunk_key must be a base64 string, not " + key);
            }
            return Base64.getDecoder().decode(text);
        }).toList();
    }

    /** Chunk descriptors (B.2), or with {@code "dataframe": true} the rows of every selected segment. */
    private void query(RoutingContext context) {
        calls.call(context, catalog -> {
            DatasetRequests.Query query = DatasetRequests.query(DatasetRequests.body(context));
            Entry dataset = dataset(catalog, context);
            if (query.dataframe().isPresent()) {
                return dataframes.answer(context, catalog, dataset, query);
            }
            return TabularAnswer.of(context, catalog.query(dataset.id(), query.chunks(), allocator), allocator);
        }, answer -> answer.send(context));
    }

    private static void json(RoutingContext context, String body) {
        context.response().putHeader("content-type", "application/json").end(body);
    }

    static LayerName layer(RoutingContext context) {
        String layer = context.queryParams().get("layer");
        return layer == null ? LayerName.BASE : new LayerName(layer);
    }
}
