package dev.i2v.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code i2v crawl}: not built yet (see the open issues); exits 2 with a message saying so. */
@Command(name = "crawl", mixinStandardHelpOptions = true, description = "Publish illustrations and their tags from a source (synthetic, dir, safebooru, danbooru) to the images topic. (not available yet)")
public final class CrawlCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("i2v crawl is not available yet in this build.");
        return 2;
    }
}
