package dev.reel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that gives each test a fresh Arrow allocator and fails the test if any Arrow memory is
 * still allocated when it ends. Use as {@code @RegisterExtension final LeakCheckingAllocator arrow = new ...}.
 */
public final class LeakCheckingAllocator implements BeforeEachCallback, AfterEachCallback {
    private RootAllocator root;

    @Override
    public void beforeEach(ExtensionContext context) {
        root = new RootAllocator();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        long leaked = root.getAllocatedMemory();
        assertThat(leaked).as("Arrow bytes still allocated when the test ended%n%s", root.toVerboseString())
                .isZero();
        root.close();
    }

    public BufferAllocator allocator() {
        return root;
    }
}
