package dev.reel.api.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Version bytes as in rerun-rrd-format.md §1.1 and §3.1. */
class TestCrateVersion {
    @Test
    void bytesAndNames() {
        assertThat(CrateVersion.WRITTEN.toBytes()).containsExactly(0x00, 0x21, 0x00, 0x00);
        assertThat(CrateVersion.fromBytes(new byte[] {0, 0x1c, 0, (byte) 0xc1}, 0).toString())
                .isEqualTo("0.28.0-alpha.1+dev");
        assertThat(new CrateVersion(1, 2, 3, 0x44).toString()).isEqualTo("1.2.3-rc.4");
        assertThat(new CrateVersion(0, 24, 0, 0x82).toString()).isEqualTo("0.24.0-alpha.2");
    }

    @Test
    void bitsAreTheLittleEndianInt32OfTheBytes() {
        assertThat(CrateVersion.WRITTEN.toBits()).isEqualTo(8448);
        CrateVersion dev = CrateVersion.fromBits(0xC1001C00);
        assertThat(dev).isEqualTo(new CrateVersion(0, 28, 0, 0xc1));
        assertThat(dev.toBits()).isEqualTo(0xC1001C00);
    }

    @Test
    void orderIgnoresTheMetaByte() {
        assertThat(new CrateVersion(0, 22, 9, 0).isOlderThan(CrateVersion.OLDEST_READABLE)).isTrue();
        assertThat(new CrateVersion(0, 23, 0, 0xc1).compareTo(CrateVersion.OLDEST_READABLE)).isZero();
        assertThat(new CrateVersion(0, 33, 0, 0)).isGreaterThan(new CrateVersion(0, 28, 0, 0xc1));
    }
}
