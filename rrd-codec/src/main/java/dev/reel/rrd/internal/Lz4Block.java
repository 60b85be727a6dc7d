package dev.reel.rrd.internal;

import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/** Raw LZ4 blocks (no frame, no size prefix) as Rerun stores Arrow payloads; lz4-java's native code. */
final class Lz4Block {
    /** LZ4 cannot expand data more than about 255 times; anything claiming more is not LZ4. */
    static final long MAX_RATIO = 255;

    private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
    private static final LZ4Compressor COMPRESSOR = FACTORY.fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = FACTORY.safeDecompressor();

    private Lz4Block() {}

    /** Compresses {@code length} bytes of {@code source} into {@code target}, replacing its content. */
    static void compress(byte[] source, int length, ByteSink target) {
        compress(source, 0, length, target);
    }

    /** Compresses {@code source[offset, offset + length)} into {@code target}, replacing its content. */
    static void compress(byte[] source, int offset, int length, ByteSink target) {
        target.reset();
        int bound = COMPRESSOR.maxCompressedLength(length);
        byte[] out = target.reserve(bound);
        target.advance(COMPRESSOR.compress(source, offset, length, out, 0, bound));
    }

    /**
     * Decompresses a block into {@code target} (a direct buffer of exactly the expected size).
     *
     * @return the number of bytes produced, or -1 if the block is corrupt
     */
    static int decompress(byte[] source, int offset, int length, ByteBuffer target) {
        try {
            return DECOMPRESSOR.decompress(ByteBuffer.wrap(source), offset, length, target, 0, target.capacity());
        } catch (LZ4Exception e) {
            return -1;
        }
    }
}
