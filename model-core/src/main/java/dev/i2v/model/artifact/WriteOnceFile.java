package dev.i2v.model.artifact;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** The files beside an artifact are written once: the same bytes again are fine, other bytes are refused. */
public final class WriteOnceFile {

    private WriteOnceFile() {
    }

    /** @param what names the file in the error, e.g. "Tag counts" */
    public static void write(final Path file, final byte[] bytes, final String what) throws IOException {
        try {
            Files.write(file, bytes, StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException e) {
            if (!Arrays.equals(Files.readAllBytes(file), bytes)) {
                throw new IOException(what + " " + file + " already exist with other content; they are never overwritten."
                        + " Move that file away if no model-updated event names its artifact.", e);
            }
        }
    }
}
