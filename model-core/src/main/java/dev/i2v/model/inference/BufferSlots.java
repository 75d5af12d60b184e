package dev.i2v.model.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Memory for a trunk's activation buffers, shared by buffers whose lifetimes (first writer to last reader) do not
 * overlap: greedy interval colouring in order of first use, each slot as large as its largest buffer.
 */
final class BufferSlots implements AutoCloseable {

    /** oneDNN's kernels want cache-line-aligned buffers. */
    private static final int ALIGNMENT = 64;

    private final List<BytePointer> memory = new ArrayList<>();
    private final Map<CompiledTrunk.Buffer, Pointer> pointers = new IdentityHashMap<>();

    private BufferSlots() {
    }

    static BufferSlots assign(final List<CompiledTrunk.Buffer> buffers) {
        final List<CompiledTrunk.Buffer> byStart = new ArrayList<>(buffers);
        byStart.sort(Comparator.comparingInt(b -> b.first));
        final List<Long> sizes = new ArrayList<>();
        final List<Integer> busyUntil = new ArrayList<>();
        final Map<CompiledTrunk.Buffer, Integer> slotOf = new IdentityHashMap<>();
        for (final CompiledTrunk.Buffer b : byStart) {
            final long size = b.desc.get_size();
            int best = -1;
            for (int s = 0; s < sizes.size(); s++) {
                // free, and the closest fit: the smallest that holds it, else the largest (which then grows)
                if (busyUntil.get(s) < b.first && (best < 0 || fitsBetter(size, sizes.get(s), sizes.get(best)))) {
                    best = s;
                }
            }
            if (best < 0) {
                best = sizes.size();
                sizes.add(0L);
                busyUntil.add(0);
            }
            sizes.set(best, Math.max(sizes.get(best), size));
            busyUntil.set(best, b.last);
            slotOf.put(b, best);
        }
        final BufferSlots slots = new BufferSlots();
        final List<Pointer> aligned = new ArrayList<>();
        for (final long size : sizes) {
            final BytePointer p = new BytePointer(size + ALIGNMENT);
            slots.memory.add(p);
            aligned.add(new BytePointer(p).position((ALIGNMENT - p.address() % ALIGNMENT) % ALIGNMENT));
        }
        slotOf.forEach((b, s) -> slots.pointers.put(b, aligned.get(s)));
        return slots;
    }

    private static boolean fitsBetter(final long size, final long candidate, final long best) {
        if (candidate >= size && best >= size) {
            return candidate < best;
        }
        return candidate > best;
    }

    Pointer pointer(final CompiledTrunk.Buffer buffer) {
        return pointers.get(buffer);
    }

    /** Bytes held, for the log. */
    long bytes() {
        return memory.stream().mapToLong(Pointer::capacity).sum();
    }

    @Override
    public void close() {
        memory.forEach(Pointer::close);
    }
}
