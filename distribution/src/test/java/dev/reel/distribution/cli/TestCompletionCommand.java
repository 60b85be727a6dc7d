package dev.reel.distribution.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reel completion}: the bash/zsh completion script of the whole command tree. */
class TestCompletionCommand {
    /**
     * Completes the last word of a command line the way bash does on TAB, with the script sourced into a fresh
     * bash, and prints the candidates one per line.
     */
    private static final String COMPLETE = """
            source "$1"
            read -ra COMP_WORDS <<< "$2"
            [[ "$2" == *" " ]] && COMP_WORDS+=("")
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            COMP_LINE="$2"
            COMP_POINT=${#COMP_LINE}
            _complete_reel reel
            printf '%s\\n' "${COMPREPLY[@]}"
            """;

    @TempDir
    Path temp;

    @Test
    void theScriptCompletesEveryCommandAndTheFileTools() {
        Cli.Result result = Cli.run("completion");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_reel -o default reel")
                .contains("local commands=\"serve rrd config send demo dataset catalog token ext completion "
                        + "help\"")
                .contains("function _picocli_reel_rrd_merge()").contains("function _picocli_reel_dataset_register()");
        for (String verb : List.of("print", "stats", "verify", "route", "filter", "split", "compare", "merge",
                "optimize")) {
            assertThat(result.out()).contains("function _picocli_reel_rrd_" + verb + "()");
        }
    }

    @Test
    void bashCompletesCommandsVerbsOptionsAndValues() throws Exception {
        Path script = Files.writeString(temp.resolve("reel_completion"), Cli.run("completion").out());

        assertThat(complete(script, "reel rr")).containsExactly("rrd");
        assertThat(complete(script, "reel rrd me")).containsExactly("merge");
        assertThat(complete(script, "reel rrd ")).containsExactly("print", "stats", "verify", "route", "filter",
                "split", "compare", "merge", "optimize");
        assertThat(complete(script, "reel rrd verify --req")).containsExactly("--require-footers");
        assertThat(complete(script, "reel rrd optimize --profile ")).containsExactly("live", "object-store");
        assertThat(complete(script, "reel dataset register x y --on-duplicate ")).containsExactly("error", "skip",
                "replace");
    }

    /** The candidates bash offers for the last word of {@code line}; skipped where there is no bash. */
    private List<String> complete(Path script, String line) throws IOException, InterruptedException {
        Process bash;
        try {
            bash = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", COMPLETE, "complete", script.toString(),
                    line).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            assumeTrue(false, "no bash on this machine: " + e.getMessage());
            throw e;
        }
        try {
            bash.getOutputStream().close();
            assertThat(bash.waitFor(20, TimeUnit.SECONDS)).as("bash completed '" + line + "' in time").isTrue();
            assertThat(bash.exitValue()).isZero();
            return new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(candidate -> !candidate.isEmpty()).toList();
        } finally {
            bash.destroyForcibly();
        }
    }
}
