package dev.reel.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TestJournalSettings {
    @Test
    void fsyncPolicies() {
        assertThat(JournalSettings.Fsync.parse("always")).isEqualTo(new JournalSettings.Fsync(true, Duration.ZERO));
        assertThat(JournalSettings.Fsync.parse("never")).isEqualTo(new JournalSettings.Fsync(false, Duration.ZERO));
        assertThat(JournalSettings.Fsync.parse("250ms").period()).isEqualTo(Duration.ofMillis(250));
        assertThat(JournalSettings.Fsync.parse(" 2s ").period()).isEqualTo(Duration.ofSeconds(2));
        assertThat(JournalSettings.Fsync.parse("always")).hasToString("always");
        assertThatThrownBy(() -> JournalSettings.Fsync.parse("sometimes"))
                .hasMessageContaining("reel.store.journal.fsync must be always, never or a period");
        assertThatThrownBy(() -> JournalSettings.Fsync.parse("0ms")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onByDefaultWithABackgroundSyncEverySecond() {
        JournalSettings settings = JournalSettings.from(null, null);
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.fsync()).isEqualTo(JournalSettings.Fsync.DEFAULT);
        assertThat(settings.fsync().period()).isEqualTo(Duration.ofSeconds(1));
        assertThat(JournalSettings.from("false", null).enabled()).isFalse();
    }
}
