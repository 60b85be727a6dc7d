package dev.reel.examples.jsonl;

import dev.reel.api.spi.TransportCodec;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extension's entry point: a Declarative Services component that deploys the {@link JsonLinesWriter} when
 * the platform's Vert.x, Arrow allocator and {@code rrd} transport codec are there, and undeploys it, releasing
 * everything, when the bundle stops or is removed.
 *
 * <p>The file is {@code <data folder>/events/chunks.jsonl} unless configured: a {@code dev.reel.examples.jsonl}
 * configuration with {@code file=/path/to/chunks.jsonl} (Configuration Admin; a change redeploys the writer).
 */
@Component(immediate = true, configurationPid = JsonLinesConsumer.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class JsonLinesConsumer {
    static final String PID = "dev.reel.examples.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesConsumer.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The component's configuration. */
    @interface Config {
        /** Where the lines go; empty for {@code <data folder>/events/chunks.jsonl}. */
        String file() default "";
    }

    private final Vertx vertx;
    private final BufferAllocator allocator;
    private final String deployment;

    @Activate
    public JsonLinesConsumer(@Reference Vertx vertx, @Reference BufferAllocator platform,
            @Reference(target = "(reel.name=rrd)") TransportCodec codec, BundleContext context, Config config)
            throws Exception {
        this.vertx = vertx;
        Path file = config.file().isBlank()
                ? Path.of(context.getProperty("reel.data.dir"), "events", "chunks.jsonl")
                : Path.of(config.file());
        allocator = platform.newChildAllocator("jsonl-events", 0, Long.MAX_VALUE);
        try {
            deployment = vertx.deployVerticle(new JsonLinesWriter(file, codec, allocator, Clock.systemUTC()),
                    new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                    .toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            allocator.close();
            throw e;
        }
        LOG.info("writing a JSON line per chunk stored to {}", file);
    }

    @Deactivate
    void deactivate() throws Exception {
        try {
            vertx.undeploy(deployment).toCompletionStage().toCompletableFuture()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            allocator.close();
        }
    }
}
