package dev.reel.transport.http.internal;

import dev.reel.catalog.Registration;
import dev.reel.rrd.proto.common.DataframePart;
import dev.reel.rrd.proto.common.TaskId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code QueryTasks} reports about registrations. Reel registers synchronously, so every task is finished when
 * its id is handed out: a success shares Rerun's id {@code task_00000000DEADBEEF}, a failure has its own id and
 * message, kept for the last {@value #KEPT} failures. An id not known here is reported as a success, as Rerun's
 * server does (a task it no longer remembers has finished).
 */
final class RegistrationTasks {
    static final int KEPT = 10_000;

    private final Map<String, String> failures = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > KEPT;
        }
    };

    synchronized void remember(Registration registration) {
        if (registration.failed()) {
            failures.put(registration.taskId(), registration.error().orElse("registration failed"));
        }
    }

    synchronized DataframePart table(List<TaskId> ids, RedapTables tables) {
        List<String> names = new ArrayList<>();
        List<Optional<String>> failed = new ArrayList<>();
        for (TaskId id : ids) {
            names.add(id.getId());
            failed.add(Optional.ofNullable(failures.get(id.getId())));
        }
        return tables.tasks(names, failed);
    }
}
