package dev.reel.rrd.tools;

import dev.reel.api.ChunkId;
import dev.reel.api.StoreId;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.ComponentColumn;
import dev.reel.api.log.ComponentDescriptor;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.MessageKind;
import dev.reel.rrd.RrdFile;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.RrdManifest;
import dev.reel.rrd.StreamFooter;
import dev.reel.rrd.StreamHeader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** What {@code reel rrd verify} checks: everything decodes, no indicator columns, every footer is sound. */
public final class RrdVerifier {
    private static final String INDICATOR_MESSAGE =
            "Indicators are deprecated and should be removed on ingestion in re_sorbet.";

    /** What was seen of the input being read. */
    private static final class InputState {
        long streamStart;
        boolean failed;
        int manifests;
        final Set<StoreId> manifestStores = new HashSet<>();
        /** Offset of each ArrowMsg payload from the start of its stream → its length and chunk id. */
        final Map<Long, FrameSeen> frames = new HashMap<>();
    }

    private static final class FrameSeen {
        final long length;
        ChunkId chunkId;

        FrameSeen(long length) {
            this.length = length;
        }
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean requireFooters;

    /**
     * @param out where the result is printed: a line, or with {@code json} one object
     * @param err where the errors found are printed (in text form), one per line in the order they were met
     * @param json print {@code {"files": N, "ok": bool, "errors": [...]}} on {@code out} instead of text
     * @param requireFooters an input without footer is an error (Rerun's default)
     */
    public RrdVerifier(PrintWriter out, PrintWriter err, boolean json, boolean requireFooters) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.requireFooters = requireFooters;
    }

    /**
     * Verifies the inputs, one after another, and prints what it found.
     *
     * @throws RrdToolException (failure) naming how many errors were found
     */
    public void verify(List<RrdInput> inputs) throws IOException {
        // In the order met: inputs in the order given, each from its first byte to its footer (a set: a
        // column error repeats for every chunk of the same entity)
        Set<String> errors = new LinkedHashSet<>();
        try (RootAllocator allocator = new RootAllocator()) {
            Map<RrdInput, InputState> states = new HashMap<>();
            RrdScan scan = new RrdScan(inputs, allocator, err, (RrdFormatException e) -> {
                errors.add(e.getMessage());
                states.values().forEach(state -> state.failed = true);
            });
            scan.run(new RrdScan.Listener() {
                private InputState state(RrdInput input) {
                    return states.computeIfAbsent(input, i -> new InputState());
                }

                @Override
                public void streamStarted(RrdInput input, StreamHeader header, long offset) {
                    InputState state = state(input);
                    state.streamStart = offset;
                    state.frames.clear();
                }

                @Override
                public void frame(RrdInput input, RrdFrame frame) {
                    if (frame.messageKind() == MessageKind.ARROW_MSG) {
                        InputState state = state(input);
                        state.frames.put(frame.payloadOffset() - state.streamStart,
                                new FrameSeen(frame.payload().length));
                    }
                }

                @Override
                public void message(RrdInput input, RrdFrame frame, LogMsg message) {
                    try (message) {
                        if (message instanceof ArrowMsg arrow) {
                            InputState state = state(input);
                            state.frames.get(frame.payloadOffset() - state.streamStart).chunkId = arrow.chunk().id();
                            checkColumns(input, arrow.chunk(), errors);
                        }
                    }
                }

                @Override
                public boolean readsManifests() {
                    return true;
                }

                @Override
                public void streamEnded(RrdInput input, RrdFrame end, StreamFooter footer) {
                    InputState state = state(input);
                    try {
                        for (RrdManifest manifest : scan.manifests(input, end)) {
                            checkManifest(input, state, manifest, errors);
                        }
                    } catch (RrdFormatException e) {
                        errors.add(input.name() + ": Corrupt RRD manifest: " + e.getMessage());
                        state.failed = true;
                    }
                }

                @Override
                public void inputEnded(RrdInput input) throws IOException {
                    InputState state = state(input);
                    if (state.manifests == 0 && requireFooters) {
                        errors.add(input.name() + ": Missing RRD footer / no RRD manifests");
                    }
                    if (state.manifests > 0 && !state.failed && input.isFile()) {
                        readBack(input, allocator, errors);
                    }
                    states.remove(input);
                }
            }, true);
        }
        if (json) {
            Map<String, Object> result = Json.object();
            result.put("files", inputs.size());
            result.put("ok", errors.isEmpty());
            result.put("errors", List.copyOf(errors));
            out.println(Json.encode(result));
            out.flush();
        } else if (errors.isEmpty()) {
            out.println(inputs.size() == 1 ? "1 file verified without error."
                    : inputs.size() + " files verified without error.");
            out.flush();
        } else {
            errors.forEach(error -> err.println("reel: " + error));
            err.flush();
        }
        if (errors.isEmpty()) {
            return;
        }
        throw RrdToolException.failure("verification failed with " + errors.size()
                + (errors.size() == 1 ? " error" : " errors"));
    }

    /** Rerun's column checks that need no type registry: indicator components are errors. */
    private static void checkColumns(RrdInput input, Chunk chunk, Set<String> errors) {
        for (ComponentColumn column : chunk.components()) {
            ComponentDescriptor descriptor = column.descriptor();
            String type = descriptor.componentType().orElse("");
            if (!type.startsWith("rerun.")) {
                continue;
            }
            boolean indicator = descriptor.component().startsWith("rerun.components.")
                    && descriptor.component().endsWith("Indicator")
                    || type.startsWith("rerun.components.") && type.endsWith("Indicator");
            if (indicator) {
                errors.add(input.name() + ": Failed to deserialize column " + chunk.entityPath() + ":"
                        + descriptor.component() + " of " + chunk.id() + ": " + INDICATOR_MESSAGE);
            }
        }
    }

    /** One manifest per store, and every entry is the ArrowMsg of that chunk where the manifest says. */
    private static void checkManifest(RrdInput input, InputState state, RrdManifest manifest, Set<String> errors) {
        state.manifests++;
        StoreId store = manifest.storeId();
        if (!state.manifestStores.add(store)) {
            errors.add(input.name() + "/" + store.applicationId() + "/" + store.recordingId()
                    + ": More than one RRD manifest");
        }
        for (RrdManifest.Entry entry : manifest.chunks()) {
            FrameSeen frame = state.frames.get(entry.byteOffset());
            String prefix = input.name() + ": Corrupt RRD manifest of " + store + ": " + entry.chunkId();
            if (frame == null) {
                errors.add(prefix + " is said to be at byte " + entry.byteOffset() + " of its stream, where no "
                        + "ArrowMsg starts");
            } else if (frame.length != entry.byteSize()) {
                errors.add(prefix + " is said to be " + entry.byteSize() + " bytes, the message has " + frame.length);
            } else if (frame.chunkId != null && !frame.chunkId.equals(entry.chunkId())) {
                errors.add(prefix + " does not match the message at byte " + entry.byteOffset() + ", which holds "
                        + frame.chunkId + " (chunk IDs don't align)");
            }
        }
    }

    /** Reads every chunk of the file's (last) footer back by random access, as a reader of the footer would. */
    private static void readBack(RrdInput input, BufferAllocator allocator, Set<String> errors) throws IOException {
        try (RrdFile file = RrdFile.open(input.path(), allocator)) {
            for (RrdManifest manifest : file.manifests()) {
                for (RrdManifest.Entry entry : manifest.chunks()) {
                    try (ArrowMsg chunk = file.readChunk(manifest, entry, allocator)) {
                        // decoded and matched against the manifest's chunk id by readChunk
                    } catch (RrdFormatException e) {
                        errors.add(input.name() + ": Corrupt RRD manifest, cannot deserialize chunk data: "
                                + e.getMessage());
                    }
                }
            }
        } catch (RrdFormatException e) {
            errors.add(input.name() + ": Corrupt RRD footer: " + e.getMessage());
        }
    }
}
