package dev.reel.rrd.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;

/** The LZ4 prefix decoding behind the schema size of {@code rrd stats}, against lz4-java's whole-block decoding. */
class TestPayloadSizes {
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();

    @Test
    void everyPrefixEqualsTheStartOfTheWholeBlock() {
        Random random = new Random(42);
        for (int round = 0; round < 400; round++) {
            byte[] data = sample(random, 1 + random.nextInt(5000));
            LZ4Compressor compressor = round % 2 == 0 ? LZ4.fastCompressor() : LZ4.highCompressor();
            byte[] block = compressor.compress(data);
            // inside a larger array, as the payload sits inside its protobuf message
            byte[] message = new byte[block.length + 20];
            Arrays.fill(message, (byte) 0x7F);
            System.arraycopy(block, 0, message, 7, block.length);
            for (int n : new int[] {1, 4, 8, 17, 300, data.length}) {
                if (n <= data.length) {
                    assertThat(PayloadSizes.lz4Prefix(message, 7, block.length, n)).as("round %d, %d bytes", round, n)
                            .isEqualTo(Arrays.copyOf(data, n));
                }
            }
        }
    }

    @Test
    void aBlockThatEndsEarlyOrPointsBeforeItsStartIsCorrupt() {
        byte[] data = new byte[64];
        Arrays.fill(data, (byte) 0xFF); // runs: a literal, then a match reaching back one byte, as IPC's marker is
        byte[] block = LZ4.fastCompressor().compress(data);
        assertThat(PayloadSizes.lz4Prefix(block, 0, block.length, 64)).isEqualTo(data);
        assertThat(PayloadSizes.lz4Prefix(block, 0, block.length, 65)).as("more than the block holds").isNull();
        assertThat(PayloadSizes.lz4Prefix(block, 0, 1, 8)).as("cut after the token").isNull();
        // a token of no literals and a match of offset 1: nothing to copy from yet
        assertThat(PayloadSizes.lz4Prefix(new byte[] {0x00, 0x01, 0x00}, 0, 3, 8)).isNull();
        // a literal run declaring more bytes than the block has
        assertThat(PayloadSizes.lz4Prefix(new byte[] {(byte) 0xF0, (byte) 0xFF, 0x10, 1, 2}, 0, 5, 8)).isNull();
    }

    /** Bytes like Arrow IPC: runs of 0xFF and zeros, repeated structures, some noise. */
    private static byte[] sample(Random random, int length) {
        byte[] data = new byte[length];
        int i = 0;
        while (i < length) {
            int run = 1 + random.nextInt(300);
            switch (random.nextInt(4)) {
                case 0 -> Arrays.fill(data, i, Math.min(length, i + run), (byte) 0xFF);
                case 1 -> Arrays.fill(data, i, Math.min(length, i + run), (byte) 0);
                case 2 -> {
                    for (int j = i; j < Math.min(length, i + run); j++) {
                        data[j] = (byte) random.nextInt();
                    }
                }
                default -> {
                    for (int j = i; j < Math.min(length, i + run); j++) {
                        data[j] = i >= 16 ? data[j - 16] : (byte) j;
                    }
                }
            }
            i += run;
        }
        return data;
    }
}
