package dev.reel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.api.EntityPathParseException.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Rerun's entity path rules (rerun-data-platform.md D.4; cases from Rerun's parse_path.rs tests). */
class TestEntityPath {
    @Test
    void forgivingParseDropsEmptyPartsAndKeepsSpecialCharacters() {
        assertThat(EntityPath.parse("").parts()).isEmpty();
        assertThat(EntityPath.parse("/")).isEqualTo(EntityPath.ROOT);
        assertThat(EntityPath.parse("//")).isEqualTo(EntityPath.ROOT);
        assertThat(EntityPath.parse("foo").parts()).containsExactly("foo");
        assertThat(EntityPath.parse("foo/bar").parts()).containsExactly("foo", "bar");
        assertThat(EntityPath.parse("foo/bar :/.").parts()).containsExactly("foo", "bar :", ".");
        assertThat(EntityPath.parse("hallådär").parts()).containsExactly("hallådär");
        assertThat(EntityPath.parse("C:\\Users\\me").parts()).containsExactly("C:Usersme");
        assertThat(EntityPath.parse("trailing\\").parts()).containsExactly("trailing\\");
        assertThat(EntityPath.parse("a/\\/b").parts()).containsExactly("a", "/b");
        assertThat(EntityPath.parse("a\\\\/b").parts()).containsExactly("a\\/b");
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "/foo/bar/|/foo/bar",
        "/foo///bar//|/foo/bar",
        "foo/bar:baz|/foo/bar\\:baz",
        "foo/42|/foo/42",
        "foo/#bar/baz|/foo/\\#bar/baz",
        "foo/Hallå Där!|/foo/Hallå\\ Där\\!",
        "a\\u{262e}b|/a\\u{262E}b",
        "a\\u{00e9}|/aé",
        "\\u{E9}|/\\\\u\\{E9\\}",
        "C:\\Users\\me|/C\\:Usersme",
        "trailing\\|/trailing\\\\",
        "a b|/a\\ b",
        "x²|/x²",
        "a/\\/b|/a/\\/b",
        "a\\-b|/a-b",
        "\\u{00A0}|/\\u{00A0}",
        "a\\\\/b|/a\\\\\\/b",
        "😀|/\\u{1F600}",
        "\\u{1F600}|/\\\\u\\{1F600\\}",
    })
    void printsTheWayRerunDoes(String input, String display) {
        assertThat(EntityPath.parse(input).toString()).isEqualTo(display);
    }

    @Test
    void escapesControlAndUnusualCharacters() {
        assertThat(EntityPath.of("tab\tx").toString()).isEqualTo("/tab\\tx");
        assertThat(EntityPath.escapePart("\u0001")).isEqualTo("\\u{0001}");
        assertThat(EntityPath.escapePart("☮")).isEqualTo("\\u{262E}");
        assertThat(EntityPath.escapePart("\u0301")).isEqualTo("\\u{0301}");
        assertThat(EntityPath.escapePart("½Ⅻ٣ª")).isEqualTo("½Ⅻ٣ª");
    }

    @Test
    void strictParseAcceptsCanonicalPaths() {
        assertThat(EntityPath.parseStrict("/")).isEqualTo(EntityPath.ROOT);
        assertThat(EntityPath.parseStrict("foo").parts()).containsExactly("foo");
        assertThat(EntityPath.parseStrict("/foo/bar").parts()).containsExactly("foo", "bar");
        assertThat(EntityPath.parseStrict("camera/ACME\\ Örnöga/points/42").parts())
                .containsExactly("camera", "ACME Örnöga", "points", "42");
        assertThat(EntityPath.parseStrict("Hall\\u{00E5}\\n\\r\\t").parts()).containsExactly("Hallå\n\r\t");
        assertThat(EntityPath.parseStrict("Hello\\ world\\!").parts()).containsExactly("Hello world!");
        assertThat(EntityPath.parseStrict("\\u{262E}").parts()).containsExactly("☮");
        assertThat(EntityPath.parseStrict("a\\_b").parts()).containsExactly("a_b");
        assertThat(EntityPath.parseStrict("hello-there").parts()).containsExactly("hello-there");
    }

    @ParameterizedTest(name = "{0} is rejected with {1} at {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``|EMPTY_STRING|0",
        "foo//bar|DOUBLE_SLASH|4",
        "foo/bar/|TRAILING_SLASH|7",
        "entity:component|UNEXPECTED_COMPONENT|6",
        "entity[#123]|UNEXPECTED_INSTANCE|6",
        "hello there|MISSING_ESCAPE|5",
        "\\x|UNKNOWN_ESCAPE_SEQUENCE|0",
        "trailing\\|TRAILING_BACKSLASH|8",
        "\\u{E9}|INVALID_UNICODE_ESCAPE|0",
        "\\u{1F600}|INVALID_UNICODE_ESCAPE|0",
        "\\u{d800}|INVALID_UNICODE_ESCAPE|0",
        "a\\\\/b|MISSING_ESCAPE|3",
        "😀|MISSING_ESCAPE|0",
    })
    void strictParseRejectsWithKindAndIndex(String input, Kind kind, int index) {
        assertThatThrownBy(() -> EntityPath.parseStrict(input))
                .isInstanceOfSatisfying(EntityPathParseException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.index()).isEqualTo(index);
                    assertThat(e.getMessage()).contains(input);
                });
    }

    @Test
    void strictParseOfThePrintedFormGivesTheSamePath() {
        for (String text : List.of("Hello\\ world\\!\\ \\u{262E}", "\\u{0001}", "a/b\\:c/d\\[0\\]")) {
            EntityPath path = EntityPath.parseStrict(text);
            assertThat(EntityPath.parseStrict(path.toString())).isEqualTo(path);
            assertThat(path.toString()).isEqualTo("/" + text);
        }
    }

    @Test
    void partsOrderNaturallyWithReservedPartsLast() {
        assertThat(sorted("10", "a", "aa", "b", "c")).containsExactly("10", "a", "aa", "b", "c");
        assertThat(sorted("a20", "a10", "a2", "a1b", "a1a", "a1", "a0", "a"))
                .containsExactly("a", "a0", "a1", "a1a", "a1b", "a2", "a10", "a20");
        assertThat(sorted("1.3", "1.1", "1.02", "1.010", "1.002", "1.001"))
                .containsExactly("1.001", "1.002", "1.010", "1.02", "1.1", "1.3");
        assertThat(sorted("a2", "a 2")).containsExactly("a 2", "a2");
        assertThat(sorted("c", "b", "B", "a")).containsExactly("a", "B", "b", "c");
        assertThat(EntityPath.of("__reserved").compareTo(EntityPath.of("abc"))).isPositive();
        assertThat(EntityPath.of("__aA").compareTo(EntityPath.of("__ab"))).isNegative();
        assertThat(EntityPath.of("a").compareTo(EntityPath.of("A"))).isNotZero();
    }

    @Test
    void hierarchy() {
        EntityPath path = EntityPath.parse("world/robot/arm");
        assertThat(path.parent()).isEqualTo(EntityPath.parse("world/robot"));
        assertThat(path.startsWith(EntityPath.parse("world"))).isTrue();
        assertThat(path.startsWith(path)).isTrue();
        assertThat(path.isDescendantOf(path)).isFalse();
        assertThat(path.isDescendantOf(EntityPath.ROOT)).isTrue();
        assertThat(EntityPath.parse("world").child("robot/arm")).isEqualTo(EntityPath.parse("world/robot\\/arm"));
        assertThat(EntityPath.PROPERTIES.child("episode").toString()).isEqualTo("/__properties/episode");
        assertThat(EntityPath.PROPERTIES.isReserved()).isTrue();
        assertThatThrownBy(EntityPath.ROOT::parent).isInstanceOf(IllegalStateException.class);
    }

    private static List<String> sorted(String... parts) {
        List<EntityPath> paths = new ArrayList<>();
        for (String part : parts) {
            paths.add(EntityPath.of(part));
        }
        Collections.sort(paths);
        return paths.stream().map(p -> p.parts().get(0)).toList();
    }
}
