package dev.i2v.app;

import dev.i2v.crawler.CrawlState;
import dev.i2v.crawler.source.FolderSource;
import dev.i2v.schemas.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code i2v publish}: the user's own images, for tagging (no tags needed). */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publish your own image files or folders (recursive) to the images topic for tagging; no tags needed.",
                "Keys are content hashes (user:<sha256>), so publishing a file twice gives the same key.",
                "Read the results with 'i2v consume'."})
public final class PublishCommand implements Callable<Integer> {

    @Mixin
    CrawlOptions crawl;

    @Parameters(arity = "1..*", paramLabel = "FILE|FOLDER", description = "Images, or folders of images.")
    List<Path> paths;

    @Override
    public Integer call() {
        final Settings s = crawl.settings(Map.of());
        final List<Path> absolute = paths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        // a fresh state each time: publishing again is what the user asks for
        return crawl.run(s, absolute.size() == 1 ? absolute.get(0).toString() : absolute.size() + " paths", 0,
                dir -> new FolderSource(absolute, "user", false, s.getLong("crawler.max.image.bytes"),
                        CrawlState.notKept()));
    }
}
