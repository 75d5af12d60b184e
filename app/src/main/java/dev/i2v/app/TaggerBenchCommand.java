package dev.i2v.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code i2v bench tagger}: not built yet (see the open issues); exits 2 with a message saying so. */
@Command(name = "tagger", mixinStandardHelpOptions = true, description = "Tagger throughput: images/s through Kafka against raw batched inference in one process. (not available yet)")
public final class TaggerBenchCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("i2v bench tagger is not available yet in this build.");
        return 2;
    }
}
