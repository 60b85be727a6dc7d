package dev.reel.transport.tcp.internal;

import com.google.inject.Guice;
import com.google.inject.Injector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The bundle's entry point: builds the bundle's own injector. */
@Component(immediate = true)
public final class TcpTransportBundle {
    private Injector injector;

    @Activate
    void activate() {
        injector = Guice.createInjector(new TcpTransportModule());
    }
}
