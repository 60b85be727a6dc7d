package dev.reel.rrd.sdk;

import dev.reel.api.log.ComponentDescriptor;
import java.util.List;

/** An encoded image ({@code rerun.archetypes.EncodedImage}): the bytes of a PNG or JPEG file as a blob. */
public final class EncodedImage implements Archetype {
    static final ComponentDescriptor BLOB = ComponentDescriptor.of("EncodedImage", "blob", "Blob");
    static final ComponentDescriptor MEDIA_TYPE = ComponentDescriptor.of("EncodedImage", "media_type", "MediaType");

    private final List<ComponentBatch> components;

    private EncodedImage(List<ComponentBatch> components) {
        this.components = components;
    }

    /** @param mediaType e.g. {@code image/png} or {@code image/jpeg} */
    public static EncodedImage of(byte[] encoded, String mediaType) {
        return new EncodedImage(List.of(ComponentBatch.blob(BLOB, encoded), ComponentBatch.utf8(MEDIA_TYPE, mediaType)));
    }

    @Override
    public List<ComponentBatch> components() {
        return components;
    }
}
