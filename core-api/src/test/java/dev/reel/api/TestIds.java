package dev.reel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Store, recording, segment and layer ids (rerun-data-platform.md A.3, D.1). */
class TestIds {
    @Test
    void storeIdsDifferByKindApplicationAndRecording() {
        StoreId a = StoreId.recording("app", "rec");
        assertThat(a).isEqualTo(StoreId.recording("app", "rec"));
        assertThat(a).isNotEqualTo(StoreId.recording("other", "rec"));
        assertThat(a).isNotEqualTo(StoreId.blueprint("app", "rec"));
        assertThat(a.toString()).isEqualTo("recording:app/rec");
        assertThat(StoreId.blueprint("app", "bp").isBlueprint()).isTrue();
    }

    @Test
    void emptyIdsAreRejected() {
        assertThatThrownBy(() -> ApplicationId.of("")).hasMessageContaining("application id");
        assertThatThrownBy(() -> RecordingId.of("")).hasMessageContaining("recording id");
        assertThatThrownBy(() -> SegmentId.of("")).hasMessageContaining("segment id");
        assertThatThrownBy(() -> new LayerName("")).hasMessageContaining("layer name");
    }

    @Test
    void segmentIdsAndLayerNamesHoldNoNulBecausePostgresTextCannot() {
        assertThatThrownBy(() -> SegmentId.of("seg\u0000ment")).hasMessageContaining("U+0000");
        assertThatThrownBy(() -> new LayerName("ba\u0000se")).hasMessageContaining("U+0000");
    }

    @Test
    void randomRecordingIdsAreUuidHex() {
        RecordingId id = RecordingId.random();
        assertThat(id.value()).matches("[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}");
        assertThat(RecordingId.random()).isNotEqualTo(id);
    }

    @Test
    void absentOrEmptyLayerNameMeansBase() {
        assertThat(LayerName.ofNullable(null)).isEqualTo(LayerName.BASE);
        assertThat(LayerName.ofNullable("")).isEqualTo(LayerName.BASE);
        assertThat(LayerName.BASE.value()).isEqualTo("base");
        assertThat(SegmentId.of(RecordingId.of("r1")).value()).isEqualTo("r1");
    }

    @Test
    void storeKindNumbersMatchRerun() {
        assertThat(StoreKind.fromProtoNumber(0)).isEqualTo(StoreKind.RECORDING);
        assertThat(StoreKind.fromProtoNumber(1)).isEqualTo(StoreKind.RECORDING);
        assertThat(StoreKind.fromProtoNumber(2)).isEqualTo(StoreKind.BLUEPRINT);
        assertThatThrownBy(() -> StoreKind.fromProtoNumber(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timelinesAndTheStaticMarker() {
        assertThat(Timeline.logTime()).isEqualTo(new Timeline("log_time", TimeType.TIMESTAMP));
        assertThat(TimeType.fromDisplayName("duration")).isEqualTo(TimeType.DURATION);
        assertThat(Timeline.sequence("a")).isLessThan(Timeline.sequence("b"));
        assertThat(TimeInt.isStatic(Long.MIN_VALUE)).isTrue();
        assertThatThrownBy(() -> TimeInt.checkTemporal(TimeInt.STATIC)).hasMessageContaining("static");
        assertThat(TimeInt.checkTemporal(TimeInt.MIN)).isEqualTo(Long.MIN_VALUE + 1);
    }
}
