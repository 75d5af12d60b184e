package dev.i2v.model.testing;

import dev.i2v.model.net.NativeBackend;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Picks ND4J's native build when a test JVM starts, as {@code i2v}'s main does, so tests run on the
 * build the services run on whichever test happens to touch ND4J first (registered through META-INF/services).
 */
public final class NativeBackendSelection implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(final LauncherSession session) {
        NativeBackend.select();
    }
}
