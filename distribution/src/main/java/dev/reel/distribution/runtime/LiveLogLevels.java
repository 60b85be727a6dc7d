package dev.reel.distribution.runtime;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log levels from Configuration Admin: a {@code ManagedService} for the PID {@value Logging#PID} that applies each
 * update with {@link Logging#apply} (a {@code dev.reel.logging.cfg} dropped into {@code extensions/} is one). The
 * launcher lives outside OSGi and does not compile against Configuration Admin's API, so the service is a proxy of
 * the interface as the Configuration Admin bundle exports it.
 */
final class LiveLogLevels implements InvocationHandler {
    private static final Logger LOG = LoggerFactory.getLogger(LiveLogLevels.class);
    private static final String MANAGED_SERVICE = "org.osgi.service.cm.ManagedService";

    /** Whether a configuration set levels: only then does its removal say anything. */
    private boolean configured;

    private LiveLogLevels() {}

    /** Registers the service, if the platform has Configuration Admin. */
    static Optional<ServiceRegistration<?>> register(BundleContext context) {
        for (Bundle bundle : context.getBundles()) {
            if ("org.apache.felix.configadmin".equals(bundle.getSymbolicName())) {
                try {
                    Class<?> type = bundle.loadClass(MANAGED_SERVICE);
                    Object service = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                            new LiveLogLevels());
                    Dictionary<String, Object> properties = new Hashtable<>();
                    properties.put(Constants.SERVICE_PID, Logging.PID);
                    return Optional.of(context.registerService(MANAGED_SERVICE, service, properties));
                } catch (ClassNotFoundException e) {
                    LOG.warn("log levels will not follow Configuration Admin: {}", e.toString());
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "updated" -> {
                updated((Dictionary<?, ?>) args[0]);
                yield null;
            }
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> "log levels (" + Logging.PID + ")";
            default -> throw new UnsupportedOperationException(method.getName());
        };
    }

    private synchronized void updated(Dictionary<?, ?> configuration) {
        if (configuration == null) {
            Logging.apply(null);
            if (configured) {
                LOG.info("log levels back to those of the start (configuration {} removed)", Logging.PID);
            }
            configured = false;
            return;
        }
        Map<String, String> levels = new HashMap<>();
        for (Object key : Collections.list(configuration.keys())) {
            levels.put(key.toString(), String.valueOf(configuration.get(key)));
        }
        try {
            Map<String, String> applied = Logging.apply(levels);
            configured = true;
            LOG.info("log levels now {} (configuration {})", applied, Logging.PID);
        } catch (IllegalArgumentException e) {
            LOG.error("configuration {}: {}; the log levels stay as they were", Logging.PID, e.getMessage());
        }
    }
}
