package dev.i2v.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code i2v consume}: not built yet (see the open issues); exits 2 with a message saying so. */
@Command(name = "consume", mixinStandardHelpOptions = true, description = "Print tag vectors from the tag-vectors topic as JSON lines. (not available yet)")
public final class ConsumeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("i2v consume is not available yet in this build.");
        return 2;
    }
}
