package dev.reel.api.spi;

import java.io.OutputStream;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.osgi.annotation.versioning.ConsumerType;

/** A recording file or stream format, such as Rerun's {@code .rrd}. Implementations are thread-safe. */
@ConsumerType
public interface RecordingCodec {
    /** Short name, e.g. {@code rrd}. */
    String name();

    /** File name extensions this codec reads and writes, without dots, e.g. {@code rrd}, {@code rbl}. */
    Set<String> fileExtensions();

    /**
     * A decoder for one stream.
     *
     * @param source names the input in errors and logs (a file name, a connection)
     * @param allocator where decoded chunks live; the receiver of a message owns its memory
     */
    RecordingDecoder newDecoder(String source, BufferAllocator allocator, DecodeOptions options);

    /** An encoder that writes one stream to {@code out}, closing it when the encoder is closed. */
    RecordingEncoder newEncoder(OutputStream out);
}
