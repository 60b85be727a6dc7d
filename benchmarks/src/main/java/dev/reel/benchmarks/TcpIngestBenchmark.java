package dev.reel.benchmarks;

import dev.reel.rrd.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One producer connection sending a whole {@code .rrd} stream to the real runtime's TCP port on loopback, until
 * the viewer store has stored its last row (polled on {@code GET /api/recordings}), next to the same bytes sent to
 * {@link RawLoopback} (a plain socket that reads and discards them) in the same run. One operation is one
 * stream; the {@code megabytes} and {@code messages} counters give MB/s and messages/s.
 *
 * <p>{@code images}: 48 camera images of 1 to 4 MB ("JPEG-like" bytes), one chunk each, about 85 MB on the
 * wire after LZ4; {@code images-uncompressed}: the same without LZ4. {@code scalars}: 5,000 single-row scalar
 * chunks over 32 signals, about 1 KB each. {@code rows}: 200,000 log lines of about 100 bytes, batched as an SDK
 * batches them by default (4,096 rows to a chunk); the {@code rows} counter gives rows/s. Every
 * stream sent to Reel is a new recording (new chunk ids, written in the invocation's setup, outside the
 * timing); the store's memory limit is 512 MiB, so older chunks are collected while the benchmark runs, as in
 * a viewer that runs for a long time.
 *
 * <p>The store journals what it accepts ({@code reel serve}'s default, fsync in the background every second) unless
 * the system property {@code reel.benchmark.journal=off} is given: run the benchmark both ways to see what the
 * journal costs. So that the journal does not fill the disk, every recording but the {@link #KEPT_RECORDINGS}
 * newest is deleted ({@code DELETE /api/recordings/...}) after each stream, in both modes ({@code
 * -Dreel.benchmark.fsync=never|always|<period>} changes how often it is forced). With the journal on, the disk is
 * a limit too: {@link #diskAppend} writes the same bytes to a file and forces them to the disk, in the same run.
 */
public class TcpIngestBenchmark extends BenchmarkDefaults {
    static final int IMAGES_PER_STREAM = 48;
    static final int SCALARS_PER_STREAM = 5_000;
    static final int TEXT_ROWS_PER_STREAM = 200_000;
    static final int SIGNALS = 32;
    static final long STORE_MEMORY_LIMIT = 512L << 20;
    /** How many times over image streams fill the store before the warm-up starts. */
    static final int PRECONDITION_FILLS = 4;
    /** Recordings kept (in memory and journal) while later ones stream; older ones are deleted. */
    static final int KEPT_RECORDINGS = 4;
    /** How often the store's row count is polled once everything is written. */
    static final long POLL_MILLIS = 2;

    /** Megabytes (10^6 bytes of the stream) and messages sent, reported by JMH as rates. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Sent {
        public double megabytes;
        public long messages;
        public long rows;

        @Setup(Level.Iteration)
        public void reset() {
            megabytes = 0;
            messages = 0;
            rows = 0;
        }

        void add(ProducerStream stream) {
            megabytes += stream.bytes().length / 1e6;
            messages += stream.chunks();
            rows += stream.rows();
        }
    }

    /** The kind of stream, and the images the image streams cycle through. */
    @State(Scope.Benchmark)
    public static class Content {
        @Param({"images", "images-uncompressed", "scalars", "rows"})
        public String messages;

        List<byte[]> images;
        int streams;

        @Setup(Level.Trial)
        public void images() {
            images = ProducerStream.cameraImages();
        }

        ProducerStream newStream() {
            String recordingId = "ingest-" + streams++;
            return switch (messages) {
                case "images" -> ProducerStream.images(recordingId, images, IMAGES_PER_STREAM, Compression.LZ4);
                case "images-uncompressed" -> ProducerStream.images(recordingId, images, IMAGES_PER_STREAM,
                        Compression.NONE);
                case "scalars" -> ProducerStream.scalars(recordingId, SCALARS_PER_STREAM, SIGNALS);
                case "rows" -> ProducerStream.textRows(recordingId, TEXT_ROWS_PER_STREAM);
                default -> throw new IllegalArgumentException("unknown stream " + messages);
            };
        }

        boolean isImages() {
            return messages.startsWith("images");
        }
    }

    /** A new recording for every operation sent to Reel. */
    @State(Scope.Thread)
    public static class FreshStream {
        ProducerStream stream;

        @Setup(Level.Invocation)
        public void write(Content content) {
            stream = content.newStream();
        }
    }

    /** One stream sent over and over to the raw socket, which does not look at it. */
    @State(Scope.Thread)
    public static class SameStream {
        ProducerStream stream;

        @Setup(Level.Trial)
        public void write(Content content) {
            stream = content.newStream();
        }
    }

    /**
     * The runtime, with a fresh data folder and a store memory limit of {@link #STORE_MEMORY_LIMIT}. For image
     * streams the store is first filled to its limit several times over, so that the measurement sees a viewer
     * that has been running for a while: collecting old chunks and reusing their memory. (On this VM, memory
     * the process has never written to costs about 4 ms per MB on first write, so a store still growing into
     * fresh memory ingests far slower; the setup prints that phase's rate.)
     */
    @State(Scope.Benchmark)
    public static class Reel {
        Path temp;
        InProcessReel reel;
        private final Deque<String> recordings = new ArrayDeque<>();

        @Setup(Level.Trial)
        public void start(Content content) throws Exception {
            temp = Files.createTempDirectory("reel-benchmark-tcp");
            String journal = System.getProperty("reel.benchmark.journal", "on");
            String fsync = System.getProperty("reel.benchmark.fsync", "1s");
            reel = InProcessReel.start(temp, Map.of("reel.store.memory-limit", Long.toString(STORE_MEMORY_LIMIT),
                    "reel.store.journal", Boolean.toString(!journal.equals("off")), "reel.store.journal.fsync", fsync));
            System.out.println("journal: " + journal + ", fsync: " + fsync);
            if (content.isImages()) {
                precondition(content);
            }
        }

        private void precondition(Content content) throws Exception {
            long arrowBytes = 0;
            long start = System.nanoTime();
            while (arrowBytes < PRECONDITION_FILLS * STORE_MEMORY_LIMIT) {
                ProducerStream stream = content.newStream();
                long began = System.nanoTime();
                send(this, stream);
                long took = System.nanoTime() - began;
                if (arrowBytes < STORE_MEMORY_LIMIT) {
                    System.out.printf(Locale.ROOT, "filling the store, %s: %.0f MB/s on the wire%n",
                            stream.recordingId(), stream.bytes().length / 1e3 / (took / 1e6));
                }
                arrowBytes += Arrays.stream(stream.ipcSizes()).asLongStream().sum();
            }
            System.out.printf(Locale.ROOT, "preconditioned: %,d MB of Arrow data in %.1f s%n", arrowBytes / 1_000_000,
                    (System.nanoTime() - start) / 1e9);
        }

        /** Polls {@code GET /api/recordings} until the store has the stream's last row. */
        void awaitStored(ProducerStream stream) throws InterruptedException {
            reel.awaitTime(stream.recordingId(), ProducerStream.FRAME, stream.lastFrame(), POLL_MILLIS,
                    Duration.ofMinutes(2));
        }

        /** Deletes the oldest recordings, so that only the {@link #KEPT_RECORDINGS} newest stay. */
        void keepNewest(ProducerStream stream) {
            recordings.addLast(stream.recordingId());
            while (recordings.size() > KEPT_RECORDINGS) {
                reel.delete(ProducerStream.APPLICATION, recordings.removeFirst());
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            reel.close();
            Folders.delete(temp);
        }
    }

    @State(Scope.Benchmark)
    public static class Raw {
        RawLoopback server;

        @Setup(Level.Trial)
        public void start() throws IOException {
            server = RawLoopback.discarding();
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            server.close();
        }
    }

    /** The stream into Reel's TCP port, until the store has stored its last row. */
    @Benchmark
    public void reel(Reel reel, FreshStream fresh, Sent sent) throws Exception {
        send(reel, fresh.stream);
        sent.add(fresh.stream);
    }

    static void send(Reel reel, ProducerStream stream) throws Exception {
        try (Socket socket = RawLoopback.connect(reel.reel.tcpPort())) {
            socket.getOutputStream().write(stream.bytes());
            // Not half-closed: a live logger keeps its connection open, and the store's acknowledgement is what
            // counts here.
            reel.awaitStored(stream);
        }
        reel.keepNewest(stream);
    }

    /**
     * The other limit: the memory the store must fill. Every chunk's Arrow data (its uncompressed IPC size)
     * copied into newly allocated Arrow memory and kept as the store keeps chunks, the oldest released beyond
     * the same memory limit, so that later allocations can reuse their memory as the store's can.
     */
    @Benchmark
    public void arrowFirstTouch(FreshMemory memory, SameStream same, Sent sent) {
        for (int size : same.stream.ipcSizes()) {
            memory.keep(size);
        }
        sent.add(same.stream);
    }

    /** Arrow memory kept like the store keeps chunks, and bytes to fill it with. */
    @State(Scope.Thread)
    public static class FreshMemory {
        BufferAllocator allocator;
        final Deque<ArrowBuf> kept = new ArrayDeque<>();
        long keptBytes;
        byte[] source;

        @Setup(Level.Trial)
        public void open(SameStream same) {
            allocator = new RootAllocator();
            source = new byte[Arrays.stream(same.stream.ipcSizes()).max().orElse(0)];
            new SplittableRandom(1).nextBytes(source);
        }

        void keep(int size) {
            ArrowBuf buffer = allocator.buffer(size);
            buffer.setBytes(0, source, 0, size);
            kept.addLast(buffer);
            keptBytes += buffer.capacity();
            while (keptBytes > STORE_MEMORY_LIMIT) {
                ArrowBuf oldest = kept.removeFirst();
                keptBytes -= oldest.capacity();
                oldest.close();
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            kept.forEach(ArrowBuf::close);
            allocator.close();
        }
    }

    /**
     * The other limit of LZ4 streams: decompressing every LZ4 payload of the stream, one after another, into the
     * same buffer (nothing else: no fresh memory, no parsing). For a stream without LZ4 there is nothing to do.
     */
    @Benchmark
    public void lz4Alone(Lz4State lz4, Sent sent) {
        for (ProducerStream.Lz4Payload payload : lz4.payloads) {
            int produced = lz4.decompressor.decompress(payload.compressed(), 0, payload.compressed().length,
                    lz4.target, 0, payload.uncompressedSize());
            if (produced != payload.uncompressedSize()) {
                throw new IllegalStateException("LZ4 payload decompressed to " + produced + " bytes");
            }
        }
        sent.add(lz4.stream);
    }

    /** The LZ4 payloads of one stream and a buffer as large as the largest decompresses to. */
    @State(Scope.Thread)
    public static class Lz4State {
        final LZ4SafeDecompressor decompressor = LZ4Factory.fastestInstance().safeDecompressor();
        ProducerStream stream;
        List<ProducerStream.Lz4Payload> payloads;
        byte[] target;

        @Setup(Level.Trial)
        public void decompressed(SameStream same) {
            stream = same.stream;
            payloads = stream.lz4Payloads();
            target = new byte[payloads.stream().mapToInt(ProducerStream.Lz4Payload::uncompressedSize).max().orElse(0)];
        }
    }

    /**
     * The limit of a store that journals: the stream's bytes written to a new file through a 256 KiB off-heap
     * buffer (as the journal writes) and forced to the disk once they are all written (the journal forces every
     * second, about once per image stream here). The file is truncated by the next operation.
     */
    @Benchmark
    public void diskAppend(Disk disk, SameStream same, Sent sent) throws IOException {
        byte[] bytes = same.stream.bytes();
        try (FileChannel file = FileChannel.open(disk.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int offset = 0; offset < bytes.length; ) {
                int slice = Math.min(disk.staging.capacity(), bytes.length - offset);
                disk.staging.clear().put(bytes, offset, slice).flip();
                offset += slice;
                while (disk.staging.hasRemaining()) {
                    file.write(disk.staging);
                }
            }
            file.force(false);
        }
        sent.add(same.stream);
    }

    /** A file in a temporary folder, and the off-heap buffer bytes go through. */
    @State(Scope.Thread)
    public static class Disk {
        final ByteBuffer staging = ByteBuffer.allocateDirect(256 << 10);
        Path folder;
        Path file;

        @Setup(Level.Trial)
        public void create() throws IOException {
            folder = Files.createTempDirectory("reel-benchmark-disk");
            file = folder.resolve("append.rrd");
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            Folders.delete(folder);
        }
    }

    /** The limit: the same bytes into a plain socket that discards them, until it has read them all. */
    @Benchmark
    public void rawLoopback(Raw raw, SameStream same, Sent sent) throws IOException {
        ProducerStream stream = same.stream;
        try (Socket socket = RawLoopback.connect(raw.server.port())) {
            socket.getOutputStream().write(stream.bytes());
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            if (in.read() >= 0) {
                throw new IllegalStateException("the raw loopback server sent data");
            }
        }
        sent.add(stream);
    }
}
