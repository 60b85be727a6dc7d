package dev.reel.rrd;

import static java.util.Objects.requireNonNull;

import dev.reel.api.log.CrateVersion;

/**
 * The 12 bytes that start every stream: {@code RRF2}, the writer's Rerun version, compression and serializer
 * (rerun-rrd-format.md §1).
 *
 * @param version the Rerun version that wrote the stream
 * @param compression the compression the writer announced (advisory: each message says its own)
 */
public record StreamHeader(CrateVersion version, Compression compression) {
    public static final int SIZE = 12;
    static final int SERIALIZER_PROTOBUF = 2;
    static final int SERIALIZER_MSGPACK = 1;

    public StreamHeader {
        requireNonNull(version, "version is null");
        requireNonNull(compression, "compression is null");
    }

    /** The header Reel writes: version 0.33.0, protobuf. */
    public static StreamHeader written(Compression compression) {
        return new StreamHeader(CrateVersion.WRITTEN, compression);
    }

    public byte[] toBytes() {
        byte[] bytes = new byte[SIZE];
        bytes[0] = 'R';
        bytes[1] = 'R';
        bytes[2] = 'F';
        bytes[3] = '2';
        System.arraycopy(version.toBytes(), 0, bytes, 4, 4);
        bytes[8] = (byte) compression.headerByte();
        bytes[9] = SERIALIZER_PROTOBUF;
        return bytes;
    }
}
