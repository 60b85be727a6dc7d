package dev.reel.rrd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The 32-byte trailer after an {@code End} message (0.28+): where the footer payload is, its xxHash32 and the
 * {@code RRF2FOOT} marker (rerun-rrd-format.md §2.2).
 *
 * @param footerStart the offset of the footer payload, counted from the start of its stream
 * @param footerLength the length of the footer payload
 * @param checksum xxHash32 of the footer payload, seed {@link #CHECKSUM_SEED}
 */
public record StreamFooter(long footerStart, long footerLength, int checksum) {
    public static final int SIZE = 32;
    /** "RERUN" read as a base-26 number. */
    public static final int CHECKSUM_SEED = 7850921;

    static final byte[] MARKER = {'R', 'R', 'F', '2', 'F', 'O', 'O', 'T'};

    /** True if the 32 bytes at {@code offset} end with the {@code RRF2FOOT} marker. */
    static boolean isFooter(byte[] bytes, int offset) {
        for (int i = 0; i < MARKER.length; i++) {
            if (bytes[offset + 20 + i] != MARKER[i]) {
                return false;
            }
        }
        return true;
    }

    /** Parses 32 bytes; null if the entry count is not 1 (the only layout Rerun writes). */
    static StreamFooter parse(byte[] bytes, int offset) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, SIZE).order(ByteOrder.LITTLE_ENDIAN);
        long start = buffer.getLong(offset);
        long length = buffer.getLong(offset + 8);
        int checksum = buffer.getInt(offset + 16);
        int entries = buffer.getInt(offset + 28);
        return entries == 1 ? new StreamFooter(start, length, checksum) : null;
    }

    public static int checksumOf(byte[] payload, int offset, int length) {
        return XXHashFactory.fastestInstance().hash32().hash(payload, offset, length, CHECKSUM_SEED);
    }

    public byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(footerStart).putLong(footerLength).putInt(checksum).put(MARKER).putInt(1);
        return buffer.array();
    }
}
