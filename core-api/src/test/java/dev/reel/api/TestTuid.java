package dev.reel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rerun's TUID forms and ordering (re_tuid). */
class TestTuid {
    private static final Tuid SAMPLE = new Tuid(0x182342300c5f8c32L, 0x7a7b4a6e5a379ac4L);

    @Test
    void printsTimeUpperCaseAndCounterLowerCase() {
        assertThat(SAMPLE.toString()).isEqualTo("182342300C5F8C327a7b4a6e5a379ac4");
        assertThat(new ChunkId(SAMPLE).toString()).isEqualTo("chunk_182342300C5F8C327a7b4a6e5a379ac4");
        assertThat(new RowId(SAMPLE).toString()).isEqualTo("row_182342300C5F8C327a7b4a6e5a379ac4");
    }

    @Test
    void parsesAnyCaseShortFormsAndPrefixes() {
        assertThat(Tuid.parse("182342300c5f8c327A7B4A6E5A379AC4")).isEqualTo(SAMPLE);
        assertThat(Tuid.parse("1")).isEqualTo(new Tuid(0, 1));
        assertThat(Tuid.parse("+1")).isEqualTo(new Tuid(0, 1));
        assertThat(Tuid.parse("1" + "0".repeat(16))).isEqualTo(new Tuid(1, 0));
        assertThat(Tuid.parse("f".repeat(32))).isEqualTo(new Tuid(-1, -1));
        assertThat(ChunkId.parse("chunk_182342300C5F8C327a7b4a6e5a379ac4").tuid()).isEqualTo(SAMPLE);
        assertThat(ChunkId.parse("182342300C5F8C327a7b4a6e5a379ac4").tuid()).isEqualTo(SAMPLE);
        assertThat(RowId.parse("row_182342300C5F8C327a7b4a6e5a379ac4").tuid()).isEqualTo(SAMPLE);
        for (String bad : List.of("", "+", "-1", "0x12", "12 34", "1".repeat(33), "\uff11")) {
            assertThatThrownBy(() -> Tuid.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> RowId.parse("chunk_182342300C5F8C327a7b4a6e5a379ac4"))
                .hasMessageContaining("row_");
    }

    @Test
    void bytesAreBigEndianSoByteOrderIsTimeOrder() {
        byte[] bytes = SAMPLE.toBytes();
        assertThat(bytes[0]).isEqualTo((byte) 0x18);
        assertThat(bytes[15]).isEqualTo((byte) 0xc4);
        assertThat(Tuid.fromBytes(bytes)).isEqualTo(SAMPLE);
    }

    @Test
    void ordersUnsignedByTimeThenCounter() {
        assertThat(new Tuid(1, 5)).isLessThan(new Tuid(2, 0));
        assertThat(new Tuid(1, 5)).isLessThan(new Tuid(1, 6));
        assertThat(new Tuid(1, Long.MAX_VALUE)).isLessThan(new Tuid(1, -1L));
        assertThat(new Tuid(Long.MAX_VALUE, 0)).isLessThan(new Tuid(-1L, 0));
        assertThat(new Tuid(1, -1L).successor()).isEqualTo(new Tuid(2, 0));
    }

    @Test
    void newIdsAlwaysIncrease() {
        List<Tuid> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Tuid.next());
        }
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i)).isGreaterThan(ids.get(i - 1));
        }
        assertThat(ids.get(0).time()).isAfter(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    }
}
