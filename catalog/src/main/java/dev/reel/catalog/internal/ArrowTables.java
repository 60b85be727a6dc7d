package dev.reel.catalog.internal;

import dev.reel.api.EntryId;
import dev.reel.api.Tuid;
import dev.reel.catalog.CatalogException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The rows of the catalog's Arrow tables (A.2), in files under {@code <catalog>/tables/<entry id>/}: the schema
 * fixed at creation, and the rows as Arrow IPC stream files of one generation ({@code gen-N/part-*.arrows}),
 * named by {@code current}. Appending adds a part; overwriting writes the next generation and switches
 * {@code current} to it in one atomic rename. Every file is written under a temporary name, forced to disk and
 * renamed, so a crash leaves the table as it was before the write or after it, never half.
 */
final class ArrowTables {
    private static final String SCHEMA = "schema.arrows";
    private static final String CURRENT = "current";

    private final Path folder;

    ArrowTables(Path folder) {
        this.folder = folder;
    }

    void create(EntryId table, Schema schema, BufferAllocator allocator) {
        Path dir = folder.resolve(table.toString());
        try {
            Files.createDirectories(dir.resolve("gen-0"));
            try (VectorSchemaRoot empty = VectorSchemaRoot.create(schema, allocator)) {
                write(dir.resolve(SCHEMA), empty);
            }
            writeText(dir.resolve(CURRENT), "0");
        } catch (IOException e) {
            throw internal("create table " + table, e);
        }
    }

    Schema schema(EntryId table, BufferAllocator allocator) {
        try (InputStream in = Files.newInputStream(folder.resolve(table.toString()).resolve(SCHEMA));
                ArrowStreamReader reader = new ArrowStreamReader(in, allocator)) {
            return reader.getVectorSchemaRoot().getSchema();
        } catch (IOException e) {
            throw internal("read the schema of table " + table, e);
        }
    }

    void append(EntryId table, VectorSchemaRoot rows, BufferAllocator allocator) {
        checkSchema(table, rows, allocator);
        Path dir = folder.resolve(table.toString());
        try {
            write(generation(dir).resolve("part-" + Tuid.next() + ".arrows"), rows);
        } catch (IOException e) {
            throw internal("append to table " + table, e);
        }
    }

    void overwrite(EntryId table, VectorSchemaRoot rows, BufferAllocator allocator) {
        checkSchema(table, rows, allocator);
        Path dir = folder.resolve(table.toString());
        try {
            Path old = generation(dir);
            long next = Long.parseLong(old.getFileName().toString().substring(4)) + 1;
            Path generation = Files.createDirectories(dir.resolve("gen-" + next));
            write(generation.resolve("part-" + Tuid.next() + ".arrows"), rows);
            writeText(dir.resolve(CURRENT), Long.toString(next));
            delete(old);
        } catch (IOException e) {
            throw internal("overwrite table " + table, e);
        }
    }

    void scan(EntryId table, BufferAllocator allocator, Consumer<VectorSchemaRoot> batches) {
        Path dir = folder.resolve(table.toString());
        try (Stream<Path> listing = Files.list(generation(dir))) {
            for (Path part : listing.filter(p -> p.toString().endsWith(".arrows")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(part);
                        ArrowStreamReader reader = new ArrowStreamReader(in, allocator)) {
                    while (reader.loadNextBatch()) {
                        batches.accept(reader.getVectorSchemaRoot());
                    }
                }
            }
        } catch (IOException e) {
            throw internal("scan table " + table, e);
        }
    }

    void drop(EntryId table) {
        try {
            delete(folder.resolve(table.toString()));
        } catch (IOException e) {
            throw internal("delete table " + table, e);
        }
    }

    private void checkSchema(EntryId table, VectorSchemaRoot rows, BufferAllocator allocator) {
        Schema schema = schema(table, allocator);
        if (!schema.equals(rows.getSchema())) {
            throw CatalogException.badRequest("rows do not match the schema of table " + table + ": expected "
                    + schema + ", got " + rows.getSchema());
        }
    }

    private static Path generation(Path dir) throws IOException {
        return dir.resolve("gen-" + Files.readString(dir.resolve(CURRENT)).strip());
    }

    /** Writes under a temporary name, forces, renames: the file exists whole or not at all. */
    private static void write(Path target, VectorSchemaRoot rows) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(temporary);
                ArrowStreamWriter writer = new ArrowStreamWriter(rows, null, out)) {
            writer.start();
            if (rows.getRowCount() > 0) {
                writer.writeBatch();
            }
            writer.end();
        }
        force(temporary);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        force(target.getParent());
    }

    private static void writeText(Path target, String text) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".part");
        Files.writeString(temporary, text);
        force(temporary);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        force(target.getParent());
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!Files.isDirectory(path)) {
                throw e; // some file systems cannot open folders; the files themselves were forced
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static CatalogException internal(String what, IOException e) {
        return new CatalogException(CatalogException.Kind.INTERNAL, "cannot " + what + ": " + e.getMessage(), e);
    }
}
