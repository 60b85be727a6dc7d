package dev.reel.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code reel completion}: the bash/zsh completion script of the whole command tree. The build also writes it
 * to the distribution's {@code bin/reel_completion} through {@link #main}, so that it can be installed without
 * running Java.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints the bash/zsh completion script of every reel command, subcommand and option.",
            "In bash: source <(reel completion), or save it once into ~/.local/share/bash-completion/completions/reel. "
                    + "In zsh: autoload -U +X bashcompinit && bashcompinit first. The distribution ships the same "
                    + "script as bin/reel_completion."})
final class CompletionCommand implements Runnable {
    /** The command the script completes: also the name of its bash function, {@code _picocli_reel}. */
    static final String COMMAND_NAME = "reel";

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(script(spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }

    /** The completion script of {@code reel}, generated from its command line (picocli's {@link AutoComplete}). */
    static String script(CommandLine reel) {
        return AutoComplete.bash(COMMAND_NAME, reel);
    }

    /** Writes the script to the file named by the only argument (run by the build, in {@code prepare-package}). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CompletionCommand FILE");
        }
        Path target = Path.of(args[0]);
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, script(Reel.commandLine()), StandardCharsets.UTF_8);
    }
}
