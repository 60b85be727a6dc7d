package dev.reel.distribution;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code reel config}: the server's configuration. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"The configuration of 'reel serve': a properties file (--config), environment variables "
                + "(REEL_HTTP_PORT for http-port, ...; REEL_CATALOG_USER and REEL_CATALOG_PASSWORD for the catalog's "
                + "database) and flags, in increasing precedence."},
        subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Checks a configuration file as 'reel serve --config FILE' would read it, with the REEL_* "
                    + "environment variables of this shell on top: unknown keys, values (ports, sizes, addresses of "
                    + "this machine, folders that must exist), then prints every value given and where it came from.",
                "Exits with 0 if 'reel serve' would accept it, else with 2 and every problem (not only the first)."})
    static final class Check implements Callable<Integer> {
        private static final String HIDDEN = "********";

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "0..1", description = "The properties file (none: only the "
                + "environment).")
        private Path file;

        @Option(names = "--json", description = "Print {\"valid\": true|false, \"values\": {KEY: {\"value\", "
                + "\"source\"}}, \"problems\": [...]}.")
        private boolean json;

        @Override
        public Integer call() {
            ServerConfiguration configuration = ServerConfiguration.load(file, System.getenv(), Map.of());
            Path home = Path.of(System.getProperty("reel.home", ".")).toAbsolutePath().normalize();
            String problems = null;
            try {
                configuration.runtimeConfig(home, Duration.ofSeconds(30));
            } catch (CliException e) {
                problems = e.getMessage();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonObject values = new JsonObject();
                configuration.given().forEach((key, value) -> values.put(key, new JsonObject()
                        .put("value", shown(key, value.text())).put("source", value.source())));
                out.println(new JsonObject().put("valid", problems == null).put("values", values)
                        .put("problems", problems == null ? List.of()
                                : List.of(problems.split(System.lineSeparator() + "reel: "))).encode());
            } else {
                int width = configuration.given().keySet().stream().mapToInt(String::length).max().orElse(0);
                configuration.given().forEach((key, value) -> out.println(String.format("%-" + width + "s = %s  (%s)",
                        key, shown(key, value.text()), value.source())));
                if (problems == null) {
                    out.println((file == null ? "the environment" : file) + ": valid");
                }
            }
            out.flush();
            if (problems != null) {
                throw new CliException(CliException.USAGE, problems);
            }
            return 0;
        }

        private static String shown(String key, String value) {
            return key.contains("password") ? HIDDEN : value;
        }
    }
}
