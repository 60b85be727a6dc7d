package dev.reel.rrd.tools;

import dev.reel.api.EntityPath;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.api.log.StoreInfo;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.RrdManifest;
import dev.reel.rrd.StreamFooter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;

/** What {@code reel rrd print} prints: one line per message, as {@code rerun rrd print} shows them. */
public final class RrdPrinter {
    private record Footer(String source, RrdManifest manifest) {}

    private final PrintWriter out;
    private final PrintWriter err;
    private final int verbosity;
    private final boolean json;
    private final EntityPath only;
    private final boolean footers;
    private final boolean continueOnError;

    /**
     * @param out where the messages are printed
     * @param err where warnings and progress go
     * @param verbosity 0 to 3: component identifiers, with entities, with schemas, with rows
     * @param json one JSON object per line instead of text
     * @param entity only chunks of exactly this entity, or null for all messages
     * @param footers afterwards, the footer manifests of every stream that has one
     * @param continueOnError skip bad messages (reported on {@code err}) instead of stopping at the first
     */
    public RrdPrinter(PrintWriter out, PrintWriter err, int verbosity, boolean json, String entity, boolean footers,
            boolean continueOnError) {
        this.out = out;
        this.err = err;
        this.verbosity = verbosity;
        this.json = json;
        this.only = entity == null ? null : EntityPath.parse(entity);
        this.footers = footers;
        this.continueOnError = continueOnError;
    }

    /** Prints the messages of the inputs, one after another. */
    public void print(List<RrdInput> inputs) throws IOException {
        List<Footer> manifests = new ArrayList<>();
        try (RootAllocator allocator = new RootAllocator()) {
            RrdScan scan = new RrdScan(inputs, allocator, err, continueOnError);
            scan.run(new RrdScan.Listener() {
                @Override
                public void message(RrdInput input, RrdFrame frame, LogMsg message) {
                    try (message) {
                        print(input, frame, message);
                    }
                }

                @Override
                public boolean readsManifests() {
                    return footers;
                }

                @Override
                public void streamEnded(RrdInput input, RrdFrame end, StreamFooter footer) throws IOException {
                    if (footers) {
                        scan.manifests(input, end).forEach(m -> manifests.add(new Footer(input.name(), m)));
                    }
                }
            }, true);
        }
        manifests.forEach(this::printFooter);
        out.flush();
    }

    private void print(RrdInput input, RrdFrame frame, LogMsg message) {
        if (message instanceof ArrowMsg arrow) {
            Chunk chunk = arrow.chunk();
            if (only != null && !chunk.entityPath().equals(only)) {
                return;
            }
            if (json) {
                out.println(Json.encode(Json.chunk(header(input, frame, message), chunk)));
            } else {
                printChunk(chunk);
            }
        } else if (only == null) {
            if (json) {
                out.println(Json.encode(details(header(input, frame, message), message)));
            } else {
                out.println(describe(message));
            }
        }
    }

    private static Map<String, Object> header(RrdInput input, RrdFrame frame, LogMsg message) {
        Map<String, Object> json = Json.object();
        json.put("kind", message.kind().name().toLowerCase(Locale.ROOT));
        json.put("source", input.name());
        json.put("offset", frame.offset());
        return Json.store(json, "store_kind", message.storeId());
    }

    private static Map<String, Object> details(Map<String, Object> json, LogMsg message) {
        if (message instanceof SetStoreInfo info) {
            json.put("store_source", info.info().source().toString());
            info.info().storeVersion().ifPresent(v -> json.put("store_version", v.toString()));
        } else if (message instanceof BlueprintActivationCommand command) {
            json.put("make_active", command.makeActive());
            json.put("make_default", command.makeDefault());
        }
        return json;
    }

    private static String describe(LogMsg message) {
        if (message instanceof SetStoreInfo set) {
            StoreInfo info = set.info();
            return "StoreInfo { kind: " + info.storeId().kind() + ", application_id: " + info.storeId().applicationId()
                    + ", recording_id: " + info.storeId().recordingId() + ", store_source: " + info.source()
                    + ", store_version: " + info.storeVersion().map(Object::toString).orElse("unknown") + " }";
        }
        BlueprintActivationCommand command = (BlueprintActivationCommand) message;
        return "BlueprintActivationCommand(" + command.blueprintId() + ", make_active: " + command.makeActive()
                + ", make_default: " + command.makeDefault() + ")";
    }

    private void printChunk(Chunk chunk) {
        int level = verbosity;
        if (level < 2) {
            out.println(ChunkText.summary(chunk) + ChunkText.dataColumns(chunk, level == 1));
            return;
        }
        out.println(ChunkText.summary(chunk));
        ChunkText.schema(chunk).forEach(line -> out.println("  " + line));
        if (level >= 3) {
            ChunkText.table(chunk, true).forEach(line -> out.println("  " + line));
        }
        out.println();
    }

    private void printFooter(Footer footer) {
        RrdManifest manifest = footer.manifest();
        if (json) {
            Map<String, Object> json = Json.manifest(manifest, footer.source());
            json.put("kind", "footer");
            out.println(Json.encode(json));
            return;
        }
        out.println("Footer manifest for " + manifest.storeId() + " (source: " + footer.source()
                + ", schema_sha_256: " + HexFormat.of().formatHex(manifest.schemaSha256()) + ")");
        out.println("  chunk_id | chunk_entity_path | chunk_is_static | chunk_num_rows | chunk_byte_offset | "
                + "chunk_byte_size | chunk_byte_size_uncompressed");
        for (RrdManifest.Entry entry : manifest.chunks()) {
            out.println("  " + entry.chunkId() + " | " + entry.entityPath() + " | " + entry.isStatic() + " | "
                    + (entry.numRows().isPresent() ? entry.numRows().getAsLong() : "-") + " | " + entry.byteOffset()
                    + " | " + entry.byteSize() + " | "
                    + (entry.byteSizeUncompressed().isPresent() ? entry.byteSizeUncompressed().getAsLong() : "-"));
        }
        out.println();
    }
}
