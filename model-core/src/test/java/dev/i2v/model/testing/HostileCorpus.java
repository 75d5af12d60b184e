package dev.i2v.model.testing;

import dev.i2v.model.image.ImageDecoder;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.Tag;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * The hostile corpus of the images topic, kept in model-core's {@code src/test/resources/hostile}
 * (shared through the test-jar): one file per case and {@code cases.tsv}, which says how each file
 * is published and what must become of it ({@code TAGGED} or a dead-letter reason).
 * {@code ImageEventReaderTest} reads every case that needs no network; tagger-stream's
 * {@code HostileInputIT} publishes all of it to a real broker.
 *
 * <p>The files are committed; this class wrote them and documents how. To regenerate (same seed,
 * same bytes): {@code java -cp <model-core test classpath> dev.i2v.model.testing.HostileCorpus model-core/src/test/resources/hostile}.
 *
 * <p>Kinds in {@code cases.tsv}: {@code inline} (the file's bytes are the image of a well-formed
 * event), {@code record} (the file is the record's whole value), {@code tombstone} (no value),
 * {@code uri} (the file's text is the claim-check URI; {@code ${claims}}, {@code ${secret}} and
 * {@code ${http}} are filled in by the test), {@code tags} (one tag per line, on an event with a
 * good image), {@code padded} (the file's image padded to just under the topic's 8 MiB, made by
 * the test so that 8 MiB are not committed).
 */
public final class HostileCorpus {

    /** One line of cases.tsv. */
    public record Case(String name, String kind, String file, String expected, String what) {
    }

    private static final String DIR = "/hostile/";

    private HostileCorpus() {
    }

    public static List<Case> cases() {
        final List<Case> out = new ArrayList<>();
        for (final String line : new String(resource("cases.tsv"), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            final String[] f = line.split("\t");
            out.add(new Case(f[0], f[1], f[2], f[3], f[4]));
        }
        return out;
    }

    public static byte[] resource(final String file) {
        try (InputStream in = HostileCorpus.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("missing corpus file " + DIR + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A well-formed event around an image (or a claim check when {@code bytes} is null). */
    public static ImageEvent event(final String id, final byte[] bytes, final String uri, final List<String> tags) {
        final List<Tag> t = new ArrayList<>();
        tags.forEach(name -> t.add(new Tag(name, "general")));
        return ImageEvent.newBuilder().setId(id).setSource("hostile").setSourceUrl(null).setSha256("0".repeat(64))
                .setContentType("image/png").setWidth(64).setHeight(64).setBytes(bytes == null ? null : ByteBuffer.wrap(bytes))
                .setUri(uri).setTags(t).setRating(null).setPublishedAt(Instant.ofEpochMilli(0)).build();
    }

    public static void main(final String[] args) throws IOException {
        final Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        final Random random = new Random(14);
        final byte[] png = ImageDecoder.encode(picture(64, 64), "png");
        final byte[] jpeg = ImageDecoder.encode(picture(64, 64), "jpeg");
        final byte[] gif = ImageDecoder.encode(picture(64, 64), "gif");
        write(dir, "good.png", png);
        write(dir, "truncated.png", Arrays.copyOf(png, png.length / 2));
        write(dir, "corrupt.png", flipped(png, 33 + 8 + 4, 64)); // the first IDAT's deflate stream
        write(dir, "truncated.jpg", Arrays.copyOf(jpeg, jpeg.length / 3));
        write(dir, "corrupt.jpg", corruptJpegHeader(jpeg));
        write(dir, "truncated.gif", Arrays.copyOf(gif, gif.length / 2));
        write(dir, "corrupt.gif", flipped(gif, 13, gif.length - 14));
        write(dir, "empty.bin", new byte[0]);
        write(dir, "text.txt", "This is a text file, not a picture.\n".getBytes(StandardCharsets.UTF_8));
        write(dir, "png-60000x60000.png", pngClaiming(60_000, 60_000));
        write(dir, "many-frames.gif", manyFrames(300));
        final byte[] garbage = new byte[4096];
        random.nextBytes(garbage);
        write(dir, "garbage.bin", garbage);
        final byte[] garbageRecord = new byte[200];
        random.nextBytes(garbageRecord);
        write(dir, "record-garbage.bin", garbageRecord);
        write(dir, "record-unknown-schema.bin", withUnknownFingerprint(I2vSerdes.imageEvent().encode(event("x", png, null, List.of("a")))));
        write(dir, "record-released-v1.bin", I2vSerdes.imageEvent().encode(event("hostile-released-v1", png, null, List.of("1girl"))));
        write(dir, "record-tags-length-bomb.bin", lengthBomb(Bomb.TAGS));
        write(dir, "record-string-length-bomb.bin", lengthBomb(Bomb.STRING));
        write(dir, "record-bytes-length-bomb.bin", lengthBomb(Bomb.BYTES));
        write(dir, "tags-other-scripts.txt", String.join("\n", "猫耳", "café", "👍", "n\u0303", "blonde_hair").getBytes(StandardCharsets.UTF_8));
        write(dir, "tags-control-characters.txt", String.join("\n", "ok", "a\u0000b").getBytes(StandardCharsets.UTF_8));
        write(dir, "tags-bidi-override.txt", String.join("\n", "ok", "\u202Eevil").getBytes(StandardCharsets.UTF_8));
        write(dir, "tags-too-long.txt", "x".repeat(300).getBytes(StandardCharsets.UTF_8));
        final StringBuilder many = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            many.append("tag_").append(i).append('\n');
        }
        write(dir, "tags-10000.txt", many.toString().getBytes(StandardCharsets.UTF_8));
        uri(dir, "uri-file-with-host.txt", "file://somehost/x.png");
        uri(dir, "uri-etc-hostname.txt", "file:///etc/hostname");
        uri(dir, "uri-dev-zero.txt", "file:///dev/zero");
        uri(dir, "uri-outside-folder.txt", "file://${secret}");
        uri(dir, "uri-dot-dot.txt", "file://${claims}/../secret/secret.png");
        uri(dir, "uri-symlink-out.txt", "file://${claims}/link-to-secret.png");
        uri(dir, "uri-directory.txt", "file://${claims}/");
        uri(dir, "uri-missing.txt", "file://${claims}/missing.png");
        uri(dir, "uri-good-file.txt", "file://${claims}/good.png");
        uri(dir, "uri-http-not-allowed.txt", "${http}/other/secret.png");
        uri(dir, "uri-http-redirect-out.txt", "${http}/allowed/redirect-out");
        uri(dir, "uri-http-slow.txt", "${http}/allowed/slow");
        uri(dir, "uri-http-too-big.txt", "${http}/allowed/big");
        uri(dir, "uri-http-good.txt", "${http}/allowed/good.png");
        uri(dir, "uri-ftp.txt", "ftp://example.org/x.png");
        uri(dir, "uri-not-a-uri.txt", "::not a uri::");
    }

    private static void uri(final Path dir, final String name, final String uri) throws IOException {
        write(dir, name, uri.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(final Path dir, final String name, final byte[] bytes) throws IOException {
        Files.write(dir.resolve(name), bytes);
    }

    private static BufferedImage picture(final int w, final int h) {
        final BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setColor(new Color(250, 220, 120));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(40, 60, 200));
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        return image;
    }

    private static byte[] flipped(final byte[] bytes, final int from, final int length) {
        final byte[] out = bytes.clone();
        for (int i = from; i < Math.min(out.length, from + length); i++) {
            out[i] = (byte) ~out[i];
        }
        return out;
    }

    /** The JPEG with its frame header (SOF0) saying 0 colour components. */
    private static byte[] corruptJpegHeader(final byte[] jpeg) {
        final byte[] out = jpeg.clone();
        for (int i = 2; i + 9 < out.length; i++) {
            if ((out[i] & 0xff) == 0xFF && (out[i + 1] & 0xff) == 0xC0) {
                out[i + 9] = 0;
                return out;
            }
        }
        throw new IllegalStateException("no SOF0 marker");
    }

    /** A 60-byte PNG whose header claims w x h pixels (a decompression bomb's header, checked before decoding). */
    private static byte[] pngClaiming(final int w, final int h) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        final ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        final DataOutputStream d = new DataOutputStream(ihdr);
        d.writeInt(w);
        d.writeInt(h);
        d.write(new byte[] {8, 2, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static void chunk(final DataOutputStream out, final String type, final byte[] data) throws IOException {
        out.writeInt(data.length);
        final byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        final CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    private static byte[] manyFrames(final int frames) throws IOException {
        final ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames; i++) {
                final BufferedImage frame = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                frame.setRGB(i % 16, (i / 16) % 16, 0xffffff);
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** A record in a layout the serde has never seen: the body of an ImageEvent behind another schema's fingerprint. */
    private static byte[] withUnknownFingerprint(final byte[] record) {
        final byte[] out = record.clone();
        for (int i = 2; i < 10; i++) {
            out[i] ^= 0x5a;
        }
        return out;
    }

    private enum Bomb { TAGS, STRING, BYTES }

    /** A few bytes that claim 2 billion tags, a 2-GB id, or 2-GB image bytes. */
    private static byte[] lengthBomb(final Bomb bomb) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xC3, 0x01});
        bytes.write(ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(SchemaNormalization.parsingFingerprint64(ImageEvent.getClassSchema())).array());
        final BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(bytes, null);
        if (bomb == Bomb.STRING) {
            e.writeLong(2_000_000_000L); // the id's length, and nothing behind it
            e.flush();
            return bytes.toByteArray();
        }
        e.writeString("bomb");
        e.writeString("hostile");
        e.writeIndex(0);
        e.writeString("0");
        e.writeString("image/png");
        e.writeInt(1);
        e.writeInt(1);
        if (bomb == Bomb.BYTES) {
            e.writeIndex(1);
            e.writeLong(2_000_000_000L);
            e.flush();
            return bytes.toByteArray();
        }
        e.writeIndex(0);
        e.writeIndex(0);
        e.writeArrayStart();
        e.setItemCount(2_000_000_000L);
        e.flush();
        return bytes.toByteArray();
    }
}
