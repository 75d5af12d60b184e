package dev.i2v.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code i2v publish}: not built yet (see the open issues); exits 2 with a message saying so. */
@Command(name = "publish", mixinStandardHelpOptions = true, description = "Publish your own image files or folders to the images topic for tagging. (not available yet)")
public final class PublishCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("i2v publish is not available yet in this build.");
        return 2;
    }
}
