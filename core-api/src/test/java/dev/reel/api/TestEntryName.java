package dev.reel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Entry names follow rerun-data-platform.md A.1. */
class TestEntryName {
    @Test
    void acceptsTheAllowedCharacters() {
        assertThat(EntryName.of("robots.arm_01 [left]:v-2").value()).isEqualTo("robots.arm_01 [left]:v-2");
        assertThat(EntryName.of("a".repeat(180)).value()).hasSize(180);
    }

    @Test
    void rejectsEmptyTooLongAndOtherCharacters() {
        assertThatThrownBy(() -> EntryName.of("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> EntryName.of("a".repeat(181))).hasMessageContaining("181");
        assertThatThrownBy(() -> EntryName.of("a/b")).hasMessageContaining("'/' at index 1");
        assertThatThrownBy(() -> EntryName.of("café")).hasMessageContaining("'é'");
    }

    @Test
    void doubleUnderscoreNamesAreHidden() {
        assertThat(EntryName.of("__entries").isHidden()).isTrue();
        assertThat(EntryName.of("_one").isHidden()).isFalse();
        EntryId id = new EntryId(new Tuid(0x182342300c5f8c32L, 0x7a7b4a6e5a379ac4L));
        assertThat(EntryName.blueprintDatasetFor(id).value()).isEqualTo("__bp_182342300C5F8C327a7b4a6e5a379ac4");
        assertThat(EntryName.blueprintDatasetFor(id).isHidden()).isTrue();
    }
}
