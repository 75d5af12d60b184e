package dev.i2v.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code i2v train}: not built yet (see the open issues); exits 2 with a message saying so. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Run the trainer: rolling-window continual fine-tuning that publishes model versions. (not available yet)")
public final class TrainCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("i2v train is not available yet in this build.");
        return 2;
    }
}
