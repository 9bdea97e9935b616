import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.compressing.CompressingStoredFieldsFormat;
import org.apache.lucene.codecs.compressing.CompressionMode;
import org.apache.lucene.codecs.lucene87.Lucene87Codec;

/**
 * Lucene 8.8's default codec with stored fields laid out for fetching a few documents fast:
 * LZ4 (CompressionMode.FAST) over chunks of 16 KB or 128 documents, without preset
 * dictionaries — the BEST_SPEED layout of Lucene 5 to 8.6. 8.7+'s BEST_SPEED
 * (Lucene87StoredFieldsFormat) decompresses a dictionary and a whole sub-block of tens of KB
 * for every document read: 80 µs per body fetched on the generated corpus, against 10–30 µs
 * with this layout, for an index a few per cent larger. The highlighter reads the body of each
 * of the ten hits, so this is most of the difference on a page with snippets. Registered for
 * reading in META-INF/services (written by ./build).
 */
public final class FastStoredCodec extends FilterCodec {
    public static final String NAME = "AccordBenchFastStored";
    private final StoredFieldsFormat stored =
            new CompressingStoredFieldsFormat("AccordBenchStoredFields", CompressionMode.FAST,
                                              16 * 1024, 128, 10);

    public FastStoredCodec() {
        super(NAME, new Lucene87Codec());
    }

    @Override
    public StoredFieldsFormat storedFieldsFormat() {
        return stored;
    }
}
