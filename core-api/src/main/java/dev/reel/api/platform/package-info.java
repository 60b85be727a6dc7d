/**
 * What the running platform tells bundles about itself: the {@link dev.reel.api.platform.Modules} service lists
 * the bundles (Reel's own and the extensions dropped into {@code extensions/}) with what keeps any of them from
 * running, and installs and removes extensions. The platform provides it; bundles such as the HTTP transport use
 * it. The {@link dev.reel.api.platform.Cluster} service says which nodes the platform runs with, and which node
 * this is.
 *
 * <p>{@link dev.reel.api.platform.Modules} is a {@code @ProviderType}: only the platform implements it, so adding a
 * method is a minor change of this package, removing one a major change.
 */
@Export
@Version("1.1.0")
package dev.reel.api.platform;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
