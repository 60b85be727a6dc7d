/**
 * The messages a recording is made of, as Rerun defines them: {@link dev.reel.api.log.SetStoreInfo},
 * {@link dev.reel.api.log.ArrowMsg} carrying a {@link dev.reel.api.log.Chunk}, and
 * {@link dev.reel.api.log.BlueprintActivationCommand}.
 */
@Export
@Version("1.0.0")
package dev.reel.api.log;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
