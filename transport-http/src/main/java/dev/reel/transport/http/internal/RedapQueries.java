package dev.reel.transport.http.internal;

import static dev.reel.transport.http.internal.GrpcAnswers.invalidArgument;
import static dev.reel.transport.http.internal.GrpcAnswers.unimplemented;

import dev.reel.api.SegmentId;
import dev.reel.catalog.ChunkQuery;
import dev.reel.rrd.proto.cloud.Query;
import dev.reel.rrd.proto.cloud.QueryDatasetRequest;
import dev.reel.rrd.proto.cloud.QueryLatestAt;
import dev.reel.rrd.proto.cloud.QueryRange;
import dev.reel.rrd.proto.common.EntityPath;
import java.util.LinkedHashSet;
import java.util.Set;

/** {@code QueryDatasetRequest} as the catalog's {@link ChunkQuery}, with Rerun's rules (rerun-data-platform.md B.2). */
final class RedapQueries {
    private RedapQueries() {}

    /** The query, or null when the request selects nothing (no entity paths and not all of them). */
    static ChunkQuery chunkQuery(QueryDatasetRequest request) {
        if (request.getChunkIdsCount() > 0) {
            throw unimplemented("QueryDataset by chunk_ids is not supported (as in Rerun's server)");
        }
        if (request.getFuzzyDescriptorsCount() > 0) {
            throw unimplemented("QueryDataset by fuzzy_descriptors is not supported: select entity paths");
        }
        // B.2's truth table: all paths, or the paths named; both at once is an error, neither selects nothing
        if (request.getSelectAllEntityPaths() && request.getEntityPathsCount() > 0) {
            throw invalidArgument("select_all_entity_paths and entity_paths are exclusive");
        }
        if (!request.getSelectAllEntityPaths() && request.getEntityPathsCount() == 0) {
            return null;
        }
        Set<SegmentId> segments = new LinkedHashSet<>();
        request.getSegmentIdsList().forEach(s -> segments.add(new SegmentId(s.getId())));
        Set<String> paths = new LinkedHashSet<>();
        for (EntityPath path : request.getEntityPathsList()) {
            paths.add(path.getPath().startsWith("/") ? path.getPath() : "/" + path.getPath());
        }
        ChunkQuery query = ChunkQuery.everything().withSegments(segments).withEntityPaths(paths)
                .withStatic(!request.getExcludeStaticData())
                .withTemporal(!request.getExcludeTemporalData());
        return request.hasQuery() ? withQuery(query, request.getQuery()) : query;
    }

    /** Latest-at and range, OR'ed; a latest-at without a timeline or time asks for static data only. */
    private static ChunkQuery withQuery(ChunkQuery query, Query conditions) {
        boolean staticOnly = false;
        if (conditions.hasLatestAt()) {
            QueryLatestAt latestAt = conditions.getLatestAt();
            if (latestAt.getPerSegmentValuesCount() > 0) {
                throw unimplemented("per_segment_values is not supported: query each segment at its time");
            }
            String timeline = latestAt.hasIndex() ? latestAt.getIndex().getTimeline().getName() : "";
            if (timeline.isEmpty() || !latestAt.hasAt()) {
                staticOnly = true;
            } else {
                query = query.withLatestAt(timeline, latestAt.getAt());
            }
        }
        if (conditions.hasRange()) {
            QueryRange range = conditions.getRange();
            String timeline = range.hasIndex() ? range.getIndex().getTimeline().getName() : "";
            if (timeline.isEmpty() || !range.hasIndexRange()) {
                throw invalidArgument("a range query needs an index and an index_range");
            }
            long start = range.getIndexRange().getStart();
            long end = range.getIndexRange().getEnd();
            if (start > end) {
                throw invalidArgument("the range " + start + ".." + end + " is empty");
            }
            query = query.withRange(timeline, start, end);
            staticOnly = false;
        }
        return staticOnly ? query.withTemporal(false) : query;
    }
}
