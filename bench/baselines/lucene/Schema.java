import java.util.Locale;

import org.apache.lucene.document.FieldType;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.index.IndexOptions;

/**
 * The Lucene baseline's index layout, shared by indexing and searching.
 *
 * <ul>
 *   <li>{@code id}: StringField (indexed) and BinaryDocValues (the TREC run's and the hit's
 *       document id);
 *   <li>{@code title}, {@code body}: EnglishAnalyzer text, postings with frequencies, positions
 *       and offsets (phrases; the UnifiedHighlighter reads offsets from the postings instead of
 *       re-analysing the text); the body is stored (the highlighter's text), the title is
 *       BinaryDocValues. What a hit shows comes from doc values, not stored fields: reading a
 *       document's stored fields decompresses a block of them (see FastStoredCodec), so only
 *       the snippet pays for that;
 *   <li>{@code date}: yyyymmdd as a LongPoint (range filters) and NumericDocValues (newest-first
 *       sort) under the same name, and the ISO date stored for the hit;
 *   <li>facets: SortedSetDocValuesFacetField dimensions party, region, agreement (multi-valued),
 *       type, language, year, month (single), all in FacetsConfig's default {@code $facets}
 *       field, which also carries the drill-down terms the filters use.
 * </ul>
 */
final class Schema {
    static final String ID = "id";
    static final String TITLE = "title";
    static final String BODY = "body";
    static final String DATE = "date";
    static final String[] TEXT_FIELDS = {TITLE, BODY};
    /** Entity and value families, in the order Accord lists them. */
    static final String[] FAMILIES = {"party", "region", "agreement", "type", "language"};
    static final String[] MULTI_VALUED = {"party", "region", "agreement"};
    /** The date histograms: counted over the documents that pass every filter but the dates. */
    static final String[] DATE_FAMILIES = {"year", "month"};
    /** DrillDownQuery dimension of the date range filter (drill-sideways for year and month). */
    static final String DATE_DIMENSION = "date";

    static final FieldType BODY_TYPE = textType(true);
    static final FieldType TITLE_TYPE = textType(false);

    private static FieldType textType(boolean stored) {
        FieldType type = new FieldType();
        type.setTokenized(true);
        type.setStored(stored);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        type.freeze();
        return type;
    }

    private Schema() {}

    static FacetsConfig facetsConfig() {
        FacetsConfig config = new FacetsConfig();
        for (String family : MULTI_VALUED) {
            config.setMultiValued(family, true);
        }
        return config;
    }

    /** yyyymmdd of an ISO date's first ten characters, or -1 when it is not one. */
    static long dateNumber(String iso) {
        if (iso == null || iso.length() < 10 || iso.charAt(4) != '-' || iso.charAt(7) != '-') {
            return -1;
        }
        try {
            int year = Integer.parseInt(iso.substring(0, 4));
            int month = Integer.parseInt(iso.substring(5, 7));
            int day = Integer.parseInt(iso.substring(8, 10));
            if (month < 1 || month > 12 || day < 1 || day > 31) {
                return -1;
            }
            return year * 10000L + month * 100L + day;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * A filter bound as yyyymmdd: YYYY, YYYY-MM or YYYY-MM-DD (as accord-searchd accepts), the
     * lower bound at the period's first day, the upper at its last (31 is fine for a bound).
     */
    static long boundNumber(String text, boolean upper) {
        if (text == null || text.isEmpty()) {
            return upper ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        String t = text.trim();
        try {
            if (t.length() == 4) {
                return Long.parseLong(t) * 10000L + (upper ? 1231 : 101);
            }
            if (t.length() == 7 && t.charAt(4) == '-') {
                return Long.parseLong(t.substring(0, 4)) * 10000L
                        + Long.parseLong(t.substring(5, 7)) * 100L + (upper ? 31 : 1);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid date " + text);
        }
        long value = dateNumber(t);
        if (value < 0) {
            throw new IllegalArgumentException("invalid date " + text);
        }
        return value;
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
