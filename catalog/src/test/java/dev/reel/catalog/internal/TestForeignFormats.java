package dev.reel.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.EntryName;
import dev.reel.api.SegmentId;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.api.spi.LogMsgSink;
import dev.reel.api.spi.RecordingCodec;
import dev.reel.api.spi.RecordingDecoder;
import dev.reel.api.spi.RecordingEncoder;
import dev.reel.catalog.CatalogConfig;
import dev.reel.catalog.DataSource;
import dev.reel.catalog.Entry;
import dev.reel.catalog.OnDuplicate;
import dev.reel.catalog.Registration;
import dev.reel.rrd.RrdCodec;
import dev.reel.testing.LeakCheckingAllocator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registration of a format an extension reads: the file is converted to {@code .rrd} in the catalog's folder and
 * that is registered; when the codec goes away, the format is no longer read.
 */
class TestForeignFormats {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path data;

    @TempDir
    Path root;

    /** A format for the test: an {@code .rrd} stream compressed with gzip, in files named {@code .rrdgz}. */
    private static final class GzippedRrd implements RecordingCodec {
        @Override
        public String name() {
            return "rrdgz";
        }

        @Override
        public Set<String> fileExtensions() {
            return Set.of("rrdgz");
        }

        @Override
        public RecordingDecoder newDecoder(String source, BufferAllocator allocator, DecodeOptions options) {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            RecordingDecoder rrd = new RrdCodec().newDecoder(source, allocator, options);
            return new RecordingDecoder() {
                @Override
                public void push(ByteBuffer bytes, LogMsgSink sink) {
                    while (bytes.hasRemaining()) {
                        compressed.write(bytes.get());
                    }
                }

                @Override
                public void finish(LogMsgSink sink) throws IOException {
                    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed.toByteArray()))) {
                        rrd.push(ByteBuffer.wrap(in.readAllBytes()), sink);
                    }
                    rrd.finish(sink);
                }

                @Override
                public long position() {
                    return compressed.size();
                }

                @Override
                public void close() {
                    rrd.close();
                }
            };
        }

        @Override
        public RecordingEncoder newEncoder(OutputStream out) {
            try {
                return new RrdCodec().newEncoder(new GZIPOutputStream(out));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private Path gzipped(String name, byte[] rrd) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(rrd);
        }
        return file;
    }

    @Test
    void aFileOfAnotherFormatIsConvertedIntoTheCatalogAndRegisteredUntilItsCodecGoesAway() throws IOException {
        ForeignFormats formats = ForeignFormats.none();
        GzippedRrd codec = new GzippedRrd();
        formats.add(codec);
        try (DatasetCatalog catalog = DatasetCatalogs.openDataset(
                CatalogConfig.embedded(data).withAllowedRoots(List.of(root)), arrow.allocator(), formats)) {
            Entry dataset = catalog.createDataset(EntryName.of("imported"));
            gzipped("runs/a.rrdgz", Recordings.of("app", "run-a", 20, false));
            gzipped("runs/deeper/b.rrdgz", Recordings.of("app", "run-b", 10, false));

            List<Registration> rows = catalog.register(dataset.id(),
                    List.of(new DataSource(root.resolve("runs").toString(), dev.reel.api.LayerName.BASE, true, false)),
                    OnDuplicate.ERROR, null);

            assertThat(rows).extracting(Registration::status).containsOnly(Registration.Status.REGISTERED);
            assertThat(rows).extracting(r -> r.segment().orElseThrow())
                    .containsExactly(SegmentId.of("run-a"), SegmentId.of("run-b"));
            for (Registration row : rows) {
                Path registered = Path.of(java.net.URI.create(row.storageUrl()));
                assertThat(registered).startsWith(data.resolve("catalog")).isRegularFile();
                assertThat(registered.getFileName().toString()).endsWith(".rrdgz.rrd");
            }
            assertThat(catalog.totals().segments()).isEqualTo(2);
            assertThat(catalog.totals().chunks()).isPositive();

            formats.remove(codec);
            Path later = gzipped("later.rrdgz", Recordings.of("app", "run-c", 5, false));
            List<Registration> refused = catalog.register(dataset.id(), List.of(DataSource.file(later.toString())),
                    OnDuplicate.ERROR, null);
            assertThat(refused).singleElement().satisfies(row -> {
                assertThat(row.status()).isEqualTo(Registration.Status.FAILED);
                assertThat(row.error().orElseThrow()).contains("later.rrdgz")
                        .endsWith("(read as .rrd: no installed extension reads .rrdgz files)");
            });
        }
    }
}
