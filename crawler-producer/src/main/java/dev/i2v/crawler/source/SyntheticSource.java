package dev.i2v.crawler.source;

import dev.i2v.crawler.CrawlItem;
import dev.i2v.crawler.CrawlState;
import dev.i2v.crawler.ImageSource;
import dev.i2v.crawler.synthetic.SyntheticIllustrations;
import dev.i2v.schemas.avro.ImageEvent;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The offline source: {@code count} synthetic illustrations of a seed. Its state is the next
 * picture index, so a re-run with the same seed continues the sequence instead of repeating it.
 */
public final class SyntheticSource implements ImageSource {

    private final SyntheticIllustrations pictures;
    private final CrawlState state;
    private final long end;

    public SyntheticSource(final long seed, final int sizePx, final double tagDropRate, final long count, final CrawlState state) {
        this.pictures = new SyntheticIllustrations(seed, sizePx, tagDropRate);
        this.state = state;
        final long from = Long.parseLong(state.get("next.index", "0"));
        this.pictures.skipTo(from);
        this.end = from + count;
    }

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public long expected() {
        return end - pictures.nextIndex();
    }

    @Override
    public boolean hasNext() {
        return pictures.nextIndex() < end;
    }

    @Override
    public CrawlItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        final long index = pictures.nextIndex();
        final ImageEvent e = pictures.next();
        final ByteBuffer b = e.getBytes().duplicate();
        final byte[] png = new byte[b.remaining()];
        b.get(png);
        return new CrawlItem(e.getId(), e.getSource(), null, e.getTags(), e.getRating(), null, Long.toString(index), () -> png);
    }

    @Override
    public void checkpoint(final List<CrawlItem> published) {
        if (!published.isEmpty()) {
            state.put("next.index", Long.toString(Long.parseLong(published.get(published.size() - 1).checkpoint()) + 1));
        }
    }
}
