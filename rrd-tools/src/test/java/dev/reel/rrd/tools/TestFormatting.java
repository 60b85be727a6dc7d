package dev.reel.rrd.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Rerun's {@code re_format} test pairs. */
class TestFormatting {
    @Test
    void bytesAsRerunPrintsThem() {
        assertThat(Formatting.bytes(0)).isEqualTo("0 B");
        assertThat(Formatting.bytes(7)).isEqualTo("7 B");
        assertThat(Formatting.bytes(1023)).isEqualTo("1023 B");
        assertThat(Formatting.bytes(1024)).isEqualTo("1.0 KiB");
        assertThat(Formatting.bytes(12345)).isEqualTo("12.1 KiB");
        assertThat(Formatting.bytes(1234567)).isEqualTo("1.2 MiB");
        assertThat(Formatting.bytes(123456789)).isEqualTo("118 MiB");
        assertThat(Formatting.bytes(5L << 30)).isEqualTo("5.0 GiB");
    }

    @Test
    void thousandsAreSeparatedByThinSpaces() {
        assertThat(Formatting.uint(7)).isEqualTo("7");
        assertThat(Formatting.uint(123)).isEqualTo("123");
        assertThat(Formatting.uint(1234)).isEqualTo("1\u2009234");
        assertThat(Formatting.uint(1234567)).isEqualTo("1\u2009234\u2009567");
    }
}
