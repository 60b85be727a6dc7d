package dev.reel.api.log;

/**
 * Names of the Sorbet layout Rerun uses for chunk record batches (reference: rerun-rrd-format.md §5): schema
 * and field metadata keys and their values.
 */
public final class Sorbet {
    /** The layout version Reel reads natively and writes. Older layouts are migrated by the codec. */
    public static final String VERSION = "0.1.3";

    public static final String VERSION_KEY = "sorbet:version";
    public static final String CHUNK_ID_KEY = "rerun:id";
    public static final String ENTITY_PATH_KEY = "rerun:entity_path";

    public static final String KIND_KEY = "rerun:kind";
    public static final String KIND_CONTROL = "control";
    public static final String KIND_INDEX = "index";
    public static final String KIND_DATA = "data";

    public static final String INDEX_NAME_KEY = "rerun:index_name";
    public static final String IS_SORTED_KEY = "rerun:is_sorted";
    public static final String COMPONENT_KEY = "rerun:component";
    public static final String ARCHETYPE_KEY = "rerun:archetype";
    public static final String COMPONENT_TYPE_KEY = "rerun:component_type";

    public static final String ROW_ID_COLUMN = "rerun.controls.RowId";
    public static final String EXTENSION_NAME_KEY = "ARROW:extension:name";
    public static final String EXTENSION_METADATA_KEY = "ARROW:extension:metadata";
    public static final String TUID_EXTENSION = "rerun.datatypes.TUID";
    public static final String ROW_ID_EXTENSION_METADATA = "{\"namespace\":\"row\"}";

    /** The name of the item field of a component list column. */
    public static final String LIST_ITEM = "item";

    private Sorbet() {}
}
