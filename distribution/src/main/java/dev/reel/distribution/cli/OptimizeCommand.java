package dev.reel.distribution.cli;

import dev.reel.rrd.tools.Formatting;
import dev.reel.rrd.tools.RrdMerger;
import dev.reel.rrd.tools.Thresholds;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code reel rrd optimize}: merges and compacts with the chunk store's thresholds. */
@Command(name = "optimize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Merges the inputs by store id and compacts their chunks: small neighbours are merged and big "
                + "chunks split, up to the thresholds of the profile (object-store: 2 MiB, 65536 rows, 8192 rows "
                + "if unsorted; live: 384 KiB, 4096, 1024). RERUN_CHUNK_MAX_BYTES, RERUN_CHUNK_MAX_ROWS and "
                + "RERUN_CHUNK_MAX_ROWS_IF_UNSORTED override the profile; flags override both."})
final class OptimizeCommand implements Callable<Integer> {
    /** Rerun's two profiles. */
    enum Profile { LIVE, OBJECT_STORE }

    @Spec
    private CommandSpec spec;

    @Mixin
    private InputPaths inputs;

    @Mixin
    private OutputFile output;

    @Option(names = "--profile", paramLabel = "live|object-store", defaultValue = "object-store",
            converter = ProfileConverter.class, completionCandidates = ProfileNames.class,
            description = "Thresholds to start from (default: ${DEFAULT-VALUE}).")
    private Profile profile;

    @Option(names = "--max-size", paramLabel = "SIZE", description = "Largest chunk, e.g. 2MiB, 500kB, 0 (no limit).")
    private String maxSize;

    @Option(names = "--max-rows", paramLabel = "N", description = "Most rows in a chunk whose timelines are sorted.")
    private Integer maxRows;

    @Option(names = "--max-rows-if-unsorted", paramLabel = "N",
            description = "Most rows in a chunk with an unsorted timeline.")
    private Integer maxRowsIfUnsorted;

    @Option(names = "--num-pass", paramLabel = "N", defaultValue = "50",
            description = "Most compaction passes; stops early when a pass changes nothing (default: ${DEFAULT-VALUE}).")
    private int passes;

    @Mixin
    private ErrorHandling errors;

    @Override
    public Integer call() throws IOException {
        if (passes < 1) {
            throw new ParameterException(spec.commandLine(), "--num-pass must be at least 1");
        }
        long bytes;
        try {
            bytes = maxSize == null ? -1 : Formatting.parseBytes(maxSize);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--max-size: " + e.getMessage());
        }
        new RrdMerger(spec.commandLine().getErr(), errors.continueOnError()).optimize(inputs.resolve(),
                output.path(), Thresholds.of(profile == Profile.LIVE, bytes, maxRows, maxRowsIfUnsorted), passes);
        return 0;
    }

    /** The profile names as Rerun spells them, for shell completion (the enum's constants are not accepted). */
    static final class ProfileNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("live", "object-store").iterator();
        }
    }

    /** Accepts the profile names as Rerun spells them. */
    static final class ProfileConverter implements picocli.CommandLine.ITypeConverter<Profile> {
        @Override
        public Profile convert(String value) {
            return switch (value) {
                case "live" -> Profile.LIVE;
                case "object-store", "object_store" -> Profile.OBJECT_STORE;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "expected live or object-store, got '" + value + "'");
            };
        }
    }
}
