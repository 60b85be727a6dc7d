package dev.reel.rrd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.ChunkId;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.testing.LeakCheckingAllocator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The decoder parses a schema's fields once for every chunk of the same layout: each chunk still gets its own
 * schema metadata (its id, in Rerun's top-level schema metadata), never the first chunk's.
 */
class TestSchemaReuse {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @Test
    void chunksOfOneEntityShareTheirFieldsButKeepTheirOwnIds() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder("schema_reuse").recordingId("r").logTime(false)
                .batching(BatcherConfig.NONE).to(out)) {
            for (int frame = 0; frame < 50; frame++) {
                rec.setTime("frame", frame);
                rec.log("signal", Scalars.of(frame));
            }
        }
        List<LogMsg> messages = new ArrayList<>();
        RrdReader.read(new ByteArrayInputStream(out.toByteArray()), "reuse", arrow.allocator(),
                DecodeOptions.DEFAULT, messages::add);
        try {
            List<ArrowMsg> chunks = messages.stream().filter(ArrowMsg.class::isInstance).map(ArrowMsg.class::cast)
                    .toList();
            assertThat(chunks).hasSize(50);
            List<ChunkId> ids = chunks.stream().map(chunk -> chunk.chunk().id()).toList();
            assertThat(ids).doesNotHaveDuplicates();
            for (int i = 0; i < chunks.size(); i++) {
                assertThat(chunks.get(i).chunk().timeColumn("frame").orElseThrow().get(0)).isEqualTo(i);
                assertThat(chunks.get(i).chunk().recordBatch().getSchema().getCustomMetadata())
                        .containsValue(ids.get(i).toString());
            }
        } finally {
            messages.forEach(LogMsg::close);
        }
    }
}
