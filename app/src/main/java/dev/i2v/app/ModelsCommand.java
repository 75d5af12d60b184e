package dev.i2v.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code i2v models}: not built yet (see the open issues); exits 2 with a message saying so. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List model versions and their metrics (--follow to watch new ones). (not available yet)")
public final class ModelsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("i2v models is not available yet in this build.");
        return 2;
    }
}
