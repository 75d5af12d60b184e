package dev.i2v.app;

import dev.i2v.app.files.CaptionFiles;
import dev.i2v.app.files.FolderTagger;
import dev.i2v.app.files.JsonLinesFile;
import dev.i2v.app.files.TagSelection;
import dev.i2v.app.files.TagsOutput;
import dev.i2v.crawler.CrawlSummary;
import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelRejectedException;
import dev.i2v.model.artifact.ModelSigner;
import dev.i2v.model.artifact.ModelStore;
import dev.i2v.model.artifact.StoredVersions;
import dev.i2v.model.image.ImageDecoder;
import dev.i2v.model.image.ImageLimits;
import dev.i2v.model.inference.TagPredictor;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.avro.ModelUpdated;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code i2v tag-files DIR}: tags a folder with a model version from the model store, without Kafka. */
@Command(name = "tag-files", mixinStandardHelpOptions = true,
        description = {"Tag every image in a folder (recursive) with a model version read straight from the model store, without Kafka:"
                + " one name.txt per image (comma-separated tags, best first) beside it or under --out, or one JSON line per image"
                + " (--jsonl). The version and its artifact are checked as the tagger checks them.",
                "Files that are not images, too large or corrupt are counted by reason and named in the summary; the run goes on."
                + " The Kafka options (-b, --topic-prefix) are not used."})
public final class TagFilesCommand implements Callable<Integer> {

    static final Map<String, String> DEFAULTS = Map.of(
            "model.store", "data/models",
            "files.max.image.bytes", String.valueOf(ImageLimits.DEFAULT.maxBytes()),
            "files.max.image.pixels", String.valueOf(ImageLimits.DEFAULT.maxPixels()));

    @Mixin
    ServiceOptions service;

    @Parameters(index = "0", paramLabel = "DIR", description = "The folder to tag.")
    Path folder;

    @Option(names = "--store", paramLabel = "DIR", description = "The model store folder (setting model.store; default data/models).")
    String store;

    @Option(names = "--model-name", paramLabel = "NAME", description = "The model (setting model.name; default i2v).")
    String modelName;

    @Option(names = "--version", paramLabel = "N", description = "The model version (default: the newest promoted one).")
    Long version;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the .txt files here, at each image's relative path (default: beside each image).")
    Path out;

    @Option(names = "--jsonl", paramLabel = "FILE", description = "Instead of .txt files, one JSON line per image: path, model, version, {tag: score}.")
    Path jsonl;

    @Option(names = "--overwrite", description = "Replace .txt files that exist (default: keep them, counted as CAPTION_EXISTS).")
    boolean overwrite;

    @Option(names = "--underscores-to-spaces", description = "long_hair -> long hair.")
    boolean underscoresToSpaces;

    @Option(names = "--general-threshold", paramLabel = "0..1",
            description = "Score a general tag needs (default: each tag's threshold from the model, tuned on the holdout).")
    Float generalThreshold;

    @Option(names = "--character-threshold", paramLabel = "0..1",
            description = "Score a character tag (a character:... label) needs (default: the model's per-tag thresholds).")
    Float characterThreshold;

    @Option(names = "--exclude", split = ",", paramLabel = "TAG", description = "Tags never written, comma-separated (with underscores or spaces).")
    List<String> exclude = List.of();

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N", description = "Images per forward pass (default ${DEFAULT-VALUE}).")
    int batchSize;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        final Map<String, String> flags = new HashMap<>();
        flags.put("model.store", store);
        flags.put("model.name", modelName);
        final Settings s = service.settings(DEFAULTS, flags);
        // a local store is read in place: the download cache (second argument) is for http stores, which tag-files refuses
        final ModelStore modelStore = new ModelStore(s.get("model.store"), Path.of(s.get("model.store")));
        final StoredVersions versions;
        try {
            versions = StoredVersions.read(modelStore, s.get("model.name"), ModelSigner.of(s.get(ModelSigner.SETTING)));
        } catch (IOException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        versions.refused().forEach(why -> System.err.println("REFUSED " + why));
        final ModelUpdated chosen = (version == null ? versions.newestPromoted() : versions.version(version)).orElse(null);
        if (chosen == null) {
            System.err.printf("No usable %s of model %s in %s (usable: %s)%s.%n", version == null ? "promoted version" : "v" + version,
                    s.get("model.name"), modelStore.base(),
                    versions.usable().stream().map(u -> "v" + u.getVersion() + (u.getPromoted() ? "" : " not promoted")).toList(),
                    versions.refused().isEmpty() ? "" : "; see the REFUSED lines");
            if (versions.usable().isEmpty() && versions.refused().isEmpty()) {
                System.err.println("The trainer writes <artifact>.update beside each version it publishes; this store has none"
                        + " (artifacts from before those files existed are not offered).");
            }
            return 1;
        }
        final ModelArtifact artifact;
        try {
            artifact = modelStore.loadAnnounced(chosen);
        } catch (ModelRejectedException e) {
            System.err.println("REFUSED " + s.get("model.name") + " v" + chosen.getVersion() + ": " + e.getMessage());
            return 1;
        }
        final Path root = folder.toRealPath(); // a folder given through a link is listed as the folder itself
        final String what = String.format("folder %s with %s v%d", root, chosen.getModelName(), chosen.getVersion());
        try (TagPredictor predictor = new TagPredictor(artifact);
             TagsOutput output = jsonl != null ? new JsonLinesFile(root, jsonl, chosen.getModelName(), chosen.getVersion())
                     : new CaptionFiles(root, out == null ? null : out.toAbsolutePath().normalize(), overwrite)) {
            final TagSelection selection = new TagSelection(artifact.info().vocabulary(), artifact.info().thresholds(), generalThreshold,
                    characterThreshold,
                    new HashSet<>(exclude), underscoresToSpaces);
            final FolderTagger tagger = new FolderTagger(predictor,
                    new ImageDecoder(new ImageLimits(s.getLong("files.max.image.bytes"), s.getLong("files.max.image.pixels"))), selection, batchSize);
            final AtomicBoolean stop = new AtomicBoolean();
            final CrawlSummary summary;
            System.err.printf("Tagging %s (%d tags)%n", what, artifact.info().vocabulary().size());
            try (StopOnShutdown ignored = StopOnShutdown.install("tag-files-stop", () -> stop.set(true), Duration.ofMinutes(1))) {
                summary = tagger.run(root, output, stop::get);
            }
            System.err.print(summary.render(what + (stop.get() ? " (stopped)" : "")));
        }
        return 0;
    }

    private void checkOptions() {
        if (!Files.isDirectory(folder)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "'" + folder + "' is not a folder; give the folder of images to tag.");
        }
        if (jsonl != null && (out != null || overwrite)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jsonl writes one file; --out and --overwrite are for .txt files.");
        }
        for (final Float t : new Float[] {generalThreshold, characterThreshold}) {
            if (t != null && !(t >= 0f && t <= 1f)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "A threshold is a score from 0 to 1, not " + t + ".");
            }
        }
        if (batchSize < 1 || batchSize > 1024) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--batch-size is 1..1024.");
        }
    }
}
