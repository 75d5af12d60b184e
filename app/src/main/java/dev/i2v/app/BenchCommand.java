package dev.i2v.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code i2v bench}: not built yet (see the open issues); exits 2 with a message saying so. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure throughput and memory; writes figures to a results file. (not available yet)")
public final class BenchCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("i2v bench is not available yet in this build.");
        return 2;
    }
}
