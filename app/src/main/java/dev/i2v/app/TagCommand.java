package dev.i2v.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code i2v tag}: not built yet (see the open issues); exits 2 with a message saying so. */
@Command(name = "tag", mixinStandardHelpOptions = true, description = "Run the tagger: Kafka Streams application turning images into tag vectors. (not available yet)")
public final class TagCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("i2v tag is not available yet in this build.");
        return 2;
    }
}
