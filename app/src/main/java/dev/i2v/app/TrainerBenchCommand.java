package dev.i2v.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code i2v bench trainer}: not built yet (see the open issues); exits 2 with a message saying so. */
@Command(name = "trainer", mixinStandardHelpOptions = true, description = "Trainer throughput and memory: images/s per training step, window memory at 224 px. (not available yet)")
public final class TrainerBenchCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("i2v bench trainer is not available yet in this build.");
        return 2;
    }
}
