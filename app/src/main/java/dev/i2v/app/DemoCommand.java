package dev.i2v.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code i2v demo}: not built yet (see the open issues); exits 2 with a message saying so. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "The whole loop on this machine: embedded Kafka, synthetic crawler, trainer and tagger. (not available yet)")
public final class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("i2v demo is not available yet in this build.");
        return 2;
    }
}
