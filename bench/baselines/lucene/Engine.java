import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.facet.DrillDownQuery;
import org.apache.lucene.facet.DrillSideways;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.Facets;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopDocsCollector;
import org.apache.lucene.search.TopFieldCollector;
import org.apache.lucene.search.TopScoreDocCollector;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;

/**
 * One open index answering requests the way accord-searchd answers /api/search: the top hits
 * (BM25 for words, newest first without), the exact total, exact counts of every facet family
 * with disjunctive semantics (a family's counts leave out its own filter: DrillSideways; year
 * and month leave out the date range), and a highlighted snippet per hit. Thread-safe.
 */
final class Engine implements Closeable {
    /** Accord ANDs up to this many content words; longer queries are questions (OR). */
    static final int AND_WORDS = 4;
    static final int BROWSE_SNIPPET_CHARS = 200;

    final Directory directory;
    final DirectoryReader reader;
    final IndexSearcher searcher;
    final Analyzer analyzer = new EnglishAnalyzer();
    final FacetsConfig config = Schema.facetsConfig();
    /** Null for an index without facets (the relevance section's). */
    final SortedSetDocValuesReaderState state;
    final UnifiedHighlighter highlighter;
    private final Sort newestFirst;

    Engine(Path path, boolean facets) throws IOException {
        directory = new MMapDirectory(path);
        reader = DirectoryReader.open(directory);
        searcher = new IndexSearcher(reader);  // BM25Similarity is Lucene 8's default
        state = facets ? new DefaultSortedSetDocValuesReaderState(reader) : null;
        highlighter = new UnifiedHighlighter(searcher, analyzer);
        // Highlight anywhere in the body, not only in its first 10,000 characters (the default):
        // the long mix has 500 KB treaties whose best passage may be deep inside.
        highlighter.setMaxLength(Integer.MAX_VALUE - 1);
        highlighter.setFormatter(new DefaultPassageFormatter("<mark>", "</mark>", "… ", true));
        highlighter.setBreakIterator(() -> LengthGoalBreakIterator.createClosestToLength(
                BreakIterator.getSentenceInstance(Locale.ROOT), 160, 0.5f));
        SortField date = new SortField(Schema.DATE, SortField.Type.LONG, true);
        date.setMissingValue(Long.MIN_VALUE);
        date.setCanUsePoints();
        newestFirst = new Sort(date, SortField.FIELD_DOC);
        BooleanQuery.setMaxClauseCount(8192);  // long natural-language topics
    }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
    }

    // --- queries ---------------------------------------------------------------------------

    /** Content words of a text after EnglishAnalyzer (stopwords dropped). */
    int contentWords(String text) throws IOException {
        int n = 0;
        try (TokenStream stream = analyzer.tokenStream(Schema.BODY, text)) {
            stream.reset();
            while (stream.incrementToken()) {
                n++;
            }
            stream.end();
        }
        return n;
    }

    private MultiFieldQueryParser parser(QueryParser.Operator operator) {
        MultiFieldQueryParser parser = new MultiFieldQueryParser(Schema.TEXT_FIELDS, analyzer);
        parser.setDefaultOperator(operator);
        return parser;
    }

    /**
     * A request's words as Accord reads them: the classic QueryParser over title and body,
     * every word required for up to four content words, any word for longer queries; quoted
     * text is a PhraseQuery. Null for an empty query (browse). Text the parser rejects is
     * searched again with its syntax escaped.
     */
    Query requestQuery(String text) throws IOException {
        if (text == null || text.isBlank()) {
            return null;
        }
        text = asTyped(text);
        QueryParser.Operator operator =
                contentWords(text.replace('"', ' ')) <= AND_WORDS ? QueryParser.Operator.AND
                                                                   : QueryParser.Operator.OR;
        try {
            return parser(operator).parse(text);
        } catch (ParseException e) {
            try {
                return parser(operator).parse(QueryParser.escape(Schema.lower(text)));
            } catch (ParseException again) {
                return new MatchNoDocsQuery();
            }
        }
    }

    private static final Pattern OPERATOR = Pattern.compile("AND|OR|NOT|NEAR(/\\d+)?|&&|\\|\\|");
    private static final Pattern NEAR = Pattern.compile("(\\S+)\\s+NEAR(?:/(\\d+))?\\s+(\\S+)");

    /**
     * Accord's rules for queries as people type them, in the classic parser's syntax: a wholly
     * upper-case query (at least two cased letters outside the operator words) is text, so it
     * is lower-cased and its syntax escaped except for its quotes (AND/OR/NOT/NEAR are words,
     * parentheses punctuation); otherwise {@code a NEAR b} and {@code a NEAR/n b} become the
     * sloppy phrase {@code "a b"~n} (n = 10 by default; the classic parser has no NEAR).
     */
    static String asTyped(String text) {
        int cased = 0;
        for (String token : text.trim().split("\\s+")) {
            if (OPERATOR.matcher(token).matches()) {
                continue;
            }
            for (int i = 0; i < token.length(); ) {
                int c = token.codePointAt(i);
                if (Character.isLowerCase(c)) {
                    cased = -1;
                    break;
                }
                if (Character.isUpperCase(c)) {
                    cased++;
                }
                i += Character.charCount(c);
            }
            if (cased < 0) {
                break;
            }
        }
        if (cased >= 2) {
            return QueryParser.escape(Schema.lower(text)).replace("\\\"", "\"");
        }
        Matcher near = NEAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (near.find()) {
            String slop = near.group(2) == null ? "10" : near.group(2);
            near.appendReplacement(out, Matcher.quoteReplacement(
                    "\"" + near.group(1).replace("\"", "") + " " + near.group(3).replace("\"", "")
                    + "\"~" + slop));
        }
        near.appendTail(out);
        return out.toString();
    }

    /**
     * A natural-language topic (the relevance section): lower-cased (so AND/OR/NOT are words)
     * and escaped (so punctuation is not syntax), the OR of its words over title and body.
     */
    Query topicQuery(String topic) throws IOException {
        try {
            return parser(QueryParser.Operator.OR).parse(QueryParser.escape(Schema.lower(topic)));
        } catch (ParseException e) {
            throw new IOException("topic could not be parsed: " + topic, e);
        }
    }

    // --- answers ---------------------------------------------------------------------------

    static final class Hit {
        String id;
        String title;
        String date;
        float score;
        String snippet;
    }

    static final class Answer {
        long total;
        final List<Hit> hits = new ArrayList<>();
        /** family → [(value, count)], in Lucene's order (count descending, then value). */
        final Map<String, List<LabelAndValue>> facets = new LinkedHashMap<>();
    }

    /** DrillSideways that hands back its collectors; the counting is done in {@link #count}. */
    private static final class Sideways extends DrillSideways {
        FacetsCollector drillDown;
        final Map<String, FacetsCollector> sideways = new LinkedHashMap<>();

        Sideways(IndexSearcher searcher, FacetsConfig config, SortedSetDocValuesReaderState state) {
            super(searcher, config, state);
        }

        @Override
        protected Facets buildFacetsResult(FacetsCollector drillDowns, FacetsCollector[] drillSideways,
                                           String[] drillSidewaysDims) {
            drillDown = drillDowns;
            if (drillSideways != null) {
                for (int i = 0; i < drillSideways.length; i++) {
                    sideways.put(drillSidewaysDims[i], drillSideways[i]);
                }
            }
            return null;
        }
    }

    Answer answer(Request request) throws IOException {
        Query text = requestQuery(request.text);
        Query base = text == null ? new MatchAllDocsQuery() : text;
        DrillDownQuery query = new DrillDownQuery(config, base);
        boolean filtered = false;
        for (String family : Schema.FAMILIES) {
            for (String value : request.filter(family)) {
                query.add(family, value);  // several values of one family: OR
                filtered = true;
            }
        }
        if (request.from != null || request.to != null) {
            query.add(Schema.DATE_DIMENSION, LongPoint.newRangeQuery(Schema.DATE,
                    Schema.boundNumber(request.from, false), Schema.boundNumber(request.to, true)));
            filtered = true;
        }
        int limit = Math.max(0, request.limit);
        int wanted = Math.max(1, limit);  // a collector wants at least one hit
        boolean browse = text == null;
        Answer answer = new Answer();
        TopDocs top;
        if (browse && !filtered) {
            // Every document: the total is the number of documents (the index has no
            // deletions), so the newest ten need not count them, and the facets take Lucene's
            // count-all path over the doc values instead of a collector.
            TopFieldCollector collector = TopFieldCollector.create(newestFirst, wanted, wanted);
            searcher.search(base, collector);
            top = collector.topDocs();
            answer.total = reader.numDocs();
            if (request.facets && state != null) {
                Facets all = new SortedSetDocValuesFacetCounts(state);
                for (String family : Schema.FAMILIES) {
                    answer.facets.put(family, children(all, family, request.facetValues));
                }
                for (String family : Schema.DATE_FAMILIES) {
                    answer.facets.put(family, children(all, family, request.facetValues));
                }
            }
        } else {
            // Exact totals: count every match (no early termination).
            TopDocsCollector<?> collector = browse
                    ? TopFieldCollector.create(newestFirst, wanted, Integer.MAX_VALUE)
                    : TopScoreDocCollector.create(wanted, Integer.MAX_VALUE);
            if (request.facets && state != null) {
                Sideways sideways = new Sideways(searcher, config, state);
                sideways.search(query, collector);
                count(answer, sideways, request.facetValues);
            } else {
                searcher.search(filtered ? query : base, collector);
            }
            top = collector.topDocs();
            answer.total = top.totalHits.value;
        }
        if (limit == 0) {
            return answer;
        }
        String[] snippets = null;
        if (request.snippets && !browse && top.scoreDocs.length > 0) {
            snippets = highlighter.highlight(Schema.BODY, text, top, 1);
        }
        for (int i = 0; i < top.scoreDocs.length && i < limit; i++) {
            ScoreDoc scored = top.scoreDocs[i];
            Hit hit = new Hit();
            hit.id = binary(Schema.ID, scored.doc);
            hit.title = binary(Schema.TITLE, scored.doc);
            hit.date = isoDate(scored.doc);
            if (request.snippets && browse) {
                // The start of the body, as the SQL peers' browse pages give.
                String body = searcher.doc(scored.doc, BODY_FIELD).get(Schema.BODY);
                hit.snippet = body == null ? null
                        : body.substring(0, Math.min(body.length(), BROWSE_SNIPPET_CHARS));
            } else {
                hit.snippet = snippets == null ? null : snippets[i];
            }
            hit.score = scored.score;
            answer.hits.add(hit);
        }
        return answer;
    }

    private static final Set<String> BODY_FIELD = Set.of(Schema.BODY);

    /** A BinaryDocValues field of one document (id, title), or null. */
    String binary(String field, int doc) throws IOException {
        List<LeafReaderContext> leaves = reader.leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        BinaryDocValues values = DocValues.getBinary(leaf.reader(), field);
        return values.advanceExact(doc - leaf.docBase) ? values.binaryValue().utf8ToString() : null;
    }

    /** The document's date as YYYY-MM-DD from its yyyymmdd doc value, or null. */
    String isoDate(int doc) throws IOException {
        List<LeafReaderContext> leaves = reader.leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        NumericDocValues values = DocValues.getNumeric(leaf.reader(), Schema.DATE);
        if (!values.advanceExact(doc - leaf.docBase)) {
            return null;
        }
        long v = values.longValue();
        return String.format(Locale.ROOT, "%04d-%02d-%02d", v / 10000, v / 100 % 100, v % 100);
    }

    /**
     * Every family's counts: a filtered family from its sideways collector (the documents
     * failing only that family's filter, plus those passing all), the date histograms from the
     * date range's, the others from the drill-down collector. One counting pass per collector.
     */
    private void count(Answer answer, Sideways sideways, int values) throws IOException {
        Map<FacetsCollector, Facets> counted = new IdentityHashMap<>();
        for (String family : Schema.FAMILIES) {
            FacetsCollector source = sideways.sideways.getOrDefault(family, sideways.drillDown);
            Facets facets = counted.computeIfAbsent(source, this::countOf);
            answer.facets.put(family, children(facets, family, values));
        }
        FacetsCollector dates = sideways.sideways.getOrDefault(Schema.DATE_DIMENSION, sideways.drillDown);
        Facets facets = counted.computeIfAbsent(dates, this::countOf);
        for (String family : Schema.DATE_FAMILIES) {
            answer.facets.put(family, children(facets, family, values));
        }
    }

    private Facets countOf(FacetsCollector collector) {
        try {
            return new SortedSetDocValuesFacetCounts(state, collector);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The `values` most frequent values of a family with a count above zero (every value is
     * counted exactly; Accord too lists 200 per family by default).
     */
    private List<LabelAndValue> children(Facets facets, String family, int values) throws IOException {
        SortedSetDocValuesReaderState.OrdRange range = state.getOrdRange(family);
        List<LabelAndValue> out = new ArrayList<>();
        if (range == null) {
            return out;  // no document has a value of this family
        }
        int n = Math.max(1, Math.min(values, range.end - range.start + 1));
        FacetResult result = facets.getTopChildren(n, family);
        if (result != null) {
            out.addAll(List.of(result.labelValues));
        }
        return out;
    }
}
