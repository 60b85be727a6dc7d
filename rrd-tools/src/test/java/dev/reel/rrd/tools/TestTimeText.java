package dev.reel.rrd.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.api.TimeType;
import org.junit.jupiter.api.Test;

/** Times as {@code rrd split} names files and reads {@code --time}. */
class TestTimeText {
    @Test
    void durationsAsRustPrintsThem() {
        assertThat(TimeText.format(TimeType.DURATION, 0)).isEqualTo("0ns");
        assertThat(TimeText.format(TimeType.DURATION, 1_500)).isEqualTo("1.5\u00b5s");
        assertThat(TimeText.format(TimeType.DURATION, 250_000_000)).isEqualTo("250ms");
        assertThat(TimeText.format(TimeType.DURATION, 1_500_000_000)).isEqualTo("1.5s");
        assertThat(TimeText.format(TimeType.DURATION, 9_000_000_000_001L)).isEqualTo("9000.000000001s");
    }

    @Test
    void timestampsInRfc3339WithAsManyDigitsAsNeeded() {
        assertThat(TimeText.format(TimeType.TIMESTAMP, 1705314645123456789L))
                .isEqualTo("2024-01-15T10:30:45.123456789Z");
        assertThat(TimeText.format(TimeType.TIMESTAMP, 1705314645500000000L)).isEqualTo("2024-01-15T10:30:45.5Z");
        assertThat(TimeText.format(TimeType.TIMESTAMP, 1705314645000000000L)).isEqualTo("2024-01-15T10:30:45Z");
        assertThat(TimeText.forFileName(TimeType.TIMESTAMP, 1705314645500000000L)).isEqualTo("2024-01-15T10_30_45_5Z");
        assertThat(TimeText.format(TimeType.SEQUENCE, -3)).isEqualTo("-3");
    }

    @Test
    void parsesTheFormsUsersType() {
        assertThat(TimeText.parse(TimeType.SEQUENCE, "42")).isEqualTo(42);
        assertThat(TimeText.parse(TimeType.DURATION, "1.5s")).isEqualTo(1_500_000_000L);
        assertThat(TimeText.parse(TimeType.DURATION, "250ms")).isEqualTo(250_000_000L);
        assertThat(TimeText.parse(TimeType.DURATION, "PT2S")).isEqualTo(2_000_000_000L);
        assertThat(TimeText.parse(TimeType.DURATION, "17")).isEqualTo(17);
        assertThat(TimeText.parse(TimeType.TIMESTAMP, "2024-01-15T10:30:45.5Z")).isEqualTo(1705314645500000000L);
        assertThat(TimeText.parse(TimeType.TIMESTAMP, "2024-01-15T11:30:45+01:00")).isEqualTo(1705314645000000000L);
        assertThat(TimeText.parse(TimeType.TIMESTAMP, "2024-01-15 10:30:45")).isEqualTo(1705314645000000000L);
        assertThat(TimeText.parse(TimeType.TIMESTAMP, "2024-01-15")).isEqualTo(1705276800000000000L);
        assertThatThrownBy(() -> TimeText.parse(TimeType.SEQUENCE, "soon"))
                .isInstanceOfSatisfying(RrdToolException.class,
                        e -> assertThat(e.kind()).isEqualTo(RrdToolException.Kind.USAGE))
                .hasMessageContaining("'soon' is not a valid value for a sequence timeline");
    }
}
