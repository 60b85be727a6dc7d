package dev.reel.benchmarks;

/** The flags every benchmark fork runs with (constants, so that {@code @Fork} annotations can use them). */
final class JvmFlags {
    /** Arrow reads direct buffers' addresses through {@code java.nio} internals. */
    static final String OPEN_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    /** Reel's launcher uses the Unsafe allocation manager, not Netty's. */
    static final String UNSAFE_ALLOCATOR = "-Darrow.allocation.manager.type=Unsafe";
    /** Room for the whole recording held in memory (once or twice) plus the decoded chunks. */
    static final String HEAP = "-Xmx4g";
    static final String FIXED_HEAP = "-Xms4g";
    /**
     * For the viewer-store benchmarks: their data is Arrow (off-heap) memory, and a compacted store of ten
     * million rows keeps only about 25 MB of heap. Pre-touching costs about 6 s per GB on this VM (2 GB: 8 s,
     * 4 GB: 19 s, 8 GB: 48 s), so the heap is no larger than needed.
     */
    static final String STORE_HEAP = "-Xmx2g";
    static final String FIXED_STORE_HEAP = "-Xms2g";
    /** For the catalog benchmarks: its answers for 10,000 segments are a few MB; the database is a file. */
    static final String CATALOG_HEAP = "-Xmx1g";
    static final String FIXED_CATALOG_HEAP = "-Xms1g";
    /**
     * Touches the whole heap at start: on this VM a first touch of a page costs far more than on bare metal, and
     * without it every pass that grows into new heap pages pays for them, which makes iterations many times
     * slower until the heap has been touched once.
     */
    static final String PRE_TOUCH = "-XX:+AlwaysPreTouch";

    private JvmFlags() {}
}
