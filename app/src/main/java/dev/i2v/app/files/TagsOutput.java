package dev.i2v.app.files;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Where {@code i2v tag-files} puts each image's tags: caption files or one JSON-lines file. */
public interface TagsOutput extends Closeable {

    /** @return null when written, else why not (counted as a skip in the summary) */
    String write(Path image, List<TagSelection.Chosen> tags) throws IOException;
}
