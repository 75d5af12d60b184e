package dev.i2v.tagger;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;

/**
 * An image record waiting in the changelogged buffer store for its batch: the original key and
 * value bytes exactly as consumed (so a dead letter can carry them unchanged) and where it came from.
 */
record PendingImage(byte[] key, byte[] value, String topic, int partition, long offset, long timestamp) {

    /** The store's value serde: a small fixed layout, no schema registry needed for our own buffer. */
    static final Serde<PendingImage> SERDE = Serdes.serdeFrom(
            (topic, image) -> image == null ? null : image.encode(),
            (topic, bytes) -> bytes == null ? null : decode(bytes));

    /**
     * The store key: partition then offset, big-endian, so the store iterates in arrival order
     * (offsets are never negative, so byte order equals numeric order) and a re-delivered record
     * overwrites itself instead of waiting twice.
     */
    Bytes storeKey() {
        return Bytes.wrap(ByteBuffer.allocate(12).putInt(partition).putLong(offset).array());
    }

    /** topic-partition@offset, for messages. */
    String where() {
        return topic + "-" + partition + "@" + offset;
    }

    private byte[] encode() {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(value == null ? 64 : value.length + 64);
             DataOutputStream out = new DataOutputStream(bytes)) {
            writeNullable(out, key);
            writeNullable(out, value);
            out.writeUTF(topic);
            out.writeInt(partition);
            out.writeLong(offset);
            out.writeLong(timestamp);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PendingImage decode(final byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            final byte[] key = readNullable(in);
            final byte[] value = readNullable(in);
            return new PendingImage(key, value, in.readUTF(), in.readInt(), in.readLong(), in.readLong());
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt entry in the tagger's pending-images store (" + bytes.length + " bytes)", e);
        }
    }

    private static void writeNullable(final DataOutputStream out, final byte[] data) throws IOException {
        out.writeInt(data == null ? -1 : data.length);
        if (data != null) {
            out.write(data);
        }
    }

    private static byte[] readNullable(final DataInputStream in) throws IOException {
        final int length = in.readInt();
        if (length < 0) {
            return null;
        }
        final byte[] data = new byte[length];
        in.readFully(data);
        return data;
    }
}
