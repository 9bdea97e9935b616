import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.Version;

/**
 * The Lucene 8 peer of Accord's benchmarks (bench/baselines/lucene/; docs/benchmarks.md).
 *
 * <pre>
 *   index   --index DIR [--entities TSV] [--threads N] [--ram-mb MB] CORPUS.jsonl...
 *   trec    --index DIR --topics FILE [--limit 1000] [--tag lucene]        (TREC run on stdout)
 *   search  --index DIR --requests JSON [--rounds N] [--warmup N] [--warmup-seconds S]
 *           [--max-seconds S]     (latency TSV on stdout: round index label wall_us cpu_us total)
 *   answer  --index DIR --requests JSON                       (one JSON answer per line)
 *   serve   --index DIR [--listen 127.0.0.1:0] [--threads N]  (GET /api/search like accord-searchd)
 *   version
 * </pre>
 *
 * index and search print one JSON summary line (index: stdout; search: stderr).
 */
public final class LuceneBaseline {
    private LuceneBaseline() {}

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            usage();
        }
        Args args = new Args(argv);
        switch (argv[0]) {
            case "index": index(args); break;
            case "trec": trec(args); break;
            case "search": latency(args); break;
            case "answer": answers(args); break;
            case "serve": serve(args); break;
            case "version": System.out.println(versions()); break;
            default: usage();
        }
    }

    private static void usage() {
        System.err.println("usage: LuceneBaseline index|trec|search|answer|serve|version [options]"
                + " (see bench/baselines/lucene/LuceneBaseline.java)");
        System.exit(2);
    }

    /** --key value options after the mode; everything else is positional. */
    static final class Args {
        final Map<String, String> options = new HashMap<>();
        final List<String> positional = new ArrayList<>();

        Args(String[] argv) {
            for (int i = 1; i < argv.length; i++) {
                if (argv[i].startsWith("--") && i + 1 < argv.length) {
                    options.put(argv[i].substring(2), argv[++i]);
                } else {
                    positional.add(argv[i]);
                }
            }
        }

        String get(String key, String fallback) {
            return options.getOrDefault(key, fallback);
        }

        String need(String key) {
            String value = options.get(key);
            if (value == null) {
                System.err.println("LuceneBaseline: --" + key + " is required");
                System.exit(2);
            }
            return value;
        }

        int integer(String key, int fallback) {
            return Integer.parseInt(get(key, Integer.toString(fallback)));
        }

        double number(String key, double fallback) {
            return Double.parseDouble(get(key, Double.toString(fallback)));
        }
    }

    static String versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("lucene", Version.LATEST.toString());
        v.put("java", System.getProperty("java.version"));
        v.put("vm", System.getProperty("java.vm.name"));
        return new Gson().toJson(v);
    }

    // --- index -----------------------------------------------------------------------------

    /** What accord-bench-entities exported for one document (the SQL peers load the same). */
    static final class Meta {
        String date;
        String type;
        String language;
        final Map<String, List<String>> entities = new HashMap<>();
    }

    static Map<String, Meta> readEntities(String path) throws IOException {
        Map<String, Meta> out = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(Paths.get(path), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split("\t", -1);
                if (f.length != 7) {
                    continue;
                }
                Meta m = new Meta();
                m.date = f[1];
                m.type = f[2];
                m.language = f[3];
                for (int i = 0; i < Schema.MULTI_VALUED.length; i++) {
                    List<String> values = new ArrayList<>();
                    for (String v : f[4 + i].split(",")) {
                        if (!v.isEmpty() && !values.contains(v)) {
                            values.add(v);
                        }
                    }
                    m.entities.put(Schema.MULTI_VALUED[i], values);
                }
                out.put(f[0], m);
            }
        }
        return out;
    }

    private static String text(JsonObject record, String key) {
        JsonElement e = record.get(key);
        return e == null || e.isJsonNull() ? "" : e.getAsString();
    }

    static Document document(JsonObject record, Map<String, Meta> entities, FacetsConfig config)
            throws IOException {
        String id = text(record, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("record without id");
        }
        Document doc = new Document();
        String title = text(record, "title");
        doc.add(new StringField(Schema.ID, id, Field.Store.NO));
        doc.add(new BinaryDocValuesField(Schema.ID, new BytesRef(id)));
        doc.add(new Field(Schema.TITLE, title, Schema.TITLE_TYPE));
        doc.add(new BinaryDocValuesField(Schema.TITLE, new BytesRef(title)));
        doc.add(new Field(Schema.BODY, text(record, "body"), Schema.BODY_TYPE));
        Meta meta = entities == null ? null : entities.get(id);
        String date = meta != null ? meta.date : text(record, "date");
        String type = meta != null ? meta.type : text(record, "type");
        String language = meta != null ? meta.language : text(record, "language");
        long day = Schema.dateNumber(date);
        if (day >= 0) {
            String iso = date.substring(0, 10);
            doc.add(new LongPoint(Schema.DATE, day));
            doc.add(new NumericDocValuesField(Schema.DATE, day));
            doc.add(new SortedSetDocValuesFacetField("year", iso.substring(0, 4)));
            doc.add(new SortedSetDocValuesFacetField("month", iso.substring(0, 7)));
        }
        if (!type.isEmpty()) {
            doc.add(new SortedSetDocValuesFacetField("type", type));
        }
        if (!language.isEmpty()) {
            doc.add(new SortedSetDocValuesFacetField("language", language));
        }
        if (meta != null) {
            for (String family : Schema.MULTI_VALUED) {
                for (String value : meta.entities.get(family)) {
                    doc.add(new SortedSetDocValuesFacetField(family, value));
                }
            }
        }
        return config.build(doc);
    }

    /**
     * Indexes JSON Lines records: one reader thread hands batches of lines to `--threads`
     * indexing threads (IndexWriter is thread-safe, one in-memory segment per thread), a
     * 256 MB RAM buffer, stored fields for fast fetching (FastStoredCodec), then
     * forceMerge(1) and a commit.
     */
    static void index(Args args) throws Exception {
        long start = System.nanoTime();
        Path path = Paths.get(args.need("index"));
        int threads = Math.max(1, args.integer("threads", 1));
        double ram = args.number("ram-mb", 256);
        Map<String, Meta> entities = args.options.containsKey("entities")
                ? readEntities(args.get("entities", null)) : null;
        FacetsConfig config = Schema.facetsConfig();
        IndexWriterConfig iwc = new IndexWriterConfig(new EnglishAnalyzer());
        iwc.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        iwc.setRAMBufferSizeMB(ram);
        iwc.setSimilarity(new BM25Similarity());
        iwc.setCodec(new FastStoredCodec());
        AtomicLong documents = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Throwable> error = new AtomicReference<>();
        List<String> poison = new ArrayList<>();
        try (MMapDirectory directory = new MMapDirectory(path);
             IndexWriter writer = new IndexWriter(directory, iwc)) {
            BlockingQueue<List<String>> queue = new ArrayBlockingQueue<>(4 * threads);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    try {
                        for (List<String> batch = queue.take(); batch != poison; batch = queue.take()) {
                            for (String line : batch) {
                                Document doc;
                                try {
                                    doc = document(JsonParser.parseString(line).getAsJsonObject(),
                                                   entities, config);
                                } catch (RuntimeException e) {  // not JSON, no id, bad facet value
                                    failed.incrementAndGet();
                                    continue;
                                }
                                writer.addDocument(doc);
                                documents.incrementAndGet();
                            }
                        }
                    } catch (Throwable e) {
                        error.compareAndSet(null, e);
                    }
                }, "index-" + t);
                worker.start();
                workers.add(worker);
            }
            for (String corpus : args.positional) {
                try (BufferedReader in = Files.newBufferedReader(Paths.get(corpus), StandardCharsets.UTF_8)) {
                    List<String> batch = new ArrayList<>();
                    String line;
                    while ((line = in.readLine()) != null && error.get() == null) {
                        if (line.isBlank()) {
                            continue;
                        }
                        batch.add(line);
                        if (batch.size() == 64) {
                            queue.put(batch);
                            batch = new ArrayList<>();
                        }
                    }
                    if (!batch.isEmpty()) {
                        queue.put(batch);
                    }
                }
            }
            for (int t = 0; t < threads; t++) {
                queue.put(poison);
            }
            for (Thread worker : workers) {
                worker.join();
            }
            if (error.get() != null) {
                throw new IOException("indexing failed", error.get());
            }
            writer.forceMerge(1);
            writer.commit();
        }
        long bytes;
        try (Stream<Path> files = Files.walk(path)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("documents", documents.get());
        summary.put("failed", failed.get());
        summary.put("seconds", (System.nanoTime() - start) / 1e9);
        summary.put("bytes", bytes);
        summary.put("threads", threads);
        summary.put("ram_buffer_mb", ram);
        summary.put("with_entities", entities != null);
        summary.put("version", Version.LATEST.toString());
        System.out.println(new Gson().toJson(summary));
    }

    // --- trec ------------------------------------------------------------------------------

    static void trec(Args args) throws IOException {
        int limit = args.integer("limit", 1000);
        String tag = args.get("tag", "lucene");
        PrintStream err = System.err;
        try (Engine engine = new Engine(Paths.get(args.need("index")), false);
             BufferedReader in = Files.newBufferedReader(Paths.get(args.need("topics")), StandardCharsets.UTF_8);
             BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    throw new IOException("expected qid<TAB>query: " + line);
                }
                String qid = line.substring(0, tab).trim();
                Query query = engine.topicQuery(line.substring(tab + 1));
                TopDocs top = engine.searcher.search(query, limit);
                if (top.scoreDocs.length == 0) {
                    err.println("LuceneBaseline: topic " + qid + ": no result");
                }
                int rank = 0;
                for (ScoreDoc hit : top.scoreDocs) {
                    String id = engine.binary(Schema.ID, hit.doc);
                    // Float.toString: the shortest text that reads back as the same float, so
                    // distinct scores stay distinct for trec_eval's score order.
                    out.write(qid + " Q0 " + id + " " + (++rank) + " " + Float.toString(hit.score)
                            + " " + tag + "\n");
                }
            }
        }
    }

    // --- search: in-process latency --------------------------------------------------------

    static List<Request> readRequests(String path) throws IOException {
        List<Request> requests = new ArrayList<>();
        String json = Files.readString(Paths.get(path), StandardCharsets.UTF_8);
        for (JsonElement e : JsonParser.parseString(json).getAsJsonArray()) {
            requests.add(Request.fromJson(e.getAsJsonObject()));
        }
        return requests;
    }

    /**
     * Warm-up rounds (at least --warmup, and until --warmup-seconds have passed, so the JIT has
     * compiled the hot paths), then measured rounds; each request timed with System.nanoTime
     * and the thread's CPU time. No new measured round starts after --max-seconds.
     */
    static void latency(Args args) throws IOException {
        List<Request> requests = readRequests(args.need("requests"));
        int rounds = args.integer("rounds", 10);
        int warmup = args.integer("warmup", 1);
        double warmupSeconds = args.number("warmup-seconds", 0);
        double maxSeconds = args.number("max-seconds", 0);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        StringBuilder out = new StringBuilder("round\tindex\tlabel\twall_us\tcpu_us\ttotal\n");
        long checksum = 0;
        int warmed = 0;
        int measured = 0;
        long processCpu;
        double warmupTook;
        try (Engine engine = new Engine(Paths.get(args.need("index")), true)) {
            long warmStart = System.nanoTime();
            while (warmed < warmup || (System.nanoTime() - warmStart) / 1e9 < warmupSeconds) {
                for (Request r : requests) {
                    checksum += engine.answer(r).total;
                }
                warmed++;
            }
            warmupTook = (System.nanoTime() - warmStart) / 1e9;
            processCpu = os.getProcessCpuTime();
            long started = System.nanoTime();
            for (int round = 0; round < rounds; round++) {
                if (round > 0 && maxSeconds > 0 && (System.nanoTime() - started) / 1e9 > maxSeconds) {
                    break;
                }
                for (int i = 0; i < requests.size(); i++) {
                    Request r = requests.get(i);
                    long cpu = threads.getCurrentThreadCpuTime();
                    long wall = System.nanoTime();
                    Engine.Answer answer = engine.answer(r);
                    long wallNs = System.nanoTime() - wall;
                    long cpuNs = threads.getCurrentThreadCpuTime() - cpu;
                    checksum += answer.total + answer.hits.size();
                    out.append(round).append('\t').append(i).append('\t').append(r.label).append('\t')
                       .append(String.format(Locale.ROOT, "%.1f\t%.1f\t", wallNs / 1e3, cpuNs / 1e3))
                       .append(answer.total).append('\n');
                }
                measured++;
            }
            processCpu = os.getProcessCpuTime() - processCpu;
        }
        System.out.print(out);
        System.out.flush();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("rounds", measured);
        summary.put("warmup_rounds", warmed);
        summary.put("warmup_seconds", warmupTook);
        summary.put("cpu_seconds", processCpu / 1e9);
        summary.put("heap_used_mb", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0);
        summary.put("version", Version.LATEST.toString());
        summary.put("java", System.getProperty("java.version"));
        summary.put("checksum", checksum);
        System.err.println(new Gson().toJson(summary));
    }

    // --- answers as JSON (tests, cross-checks) and the HTTP server -------------------------

    static Map<String, Object> json(Engine.Answer answer, double tookMs, String query) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (query != null) {
            out.put("query", query);
        }
        out.put("total", answer.total);
        out.put("total_exact", true);
        out.put("took_ms", tookMs);
        List<Map<String, Object>> hits = new ArrayList<>();
        for (Engine.Hit hit : answer.hits) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("id", hit.id);
            h.put("title", hit.title);
            h.put("date", hit.date);
            h.put("score", Float.isNaN(hit.score) ? null : hit.score);  // NaN: sorted by date
            h.put("snippet", hit.snippet);
            hits.add(h);
        }
        out.put("hits", hits);
        if (!answer.facets.isEmpty()) {
            Map<String, Object> facets = new LinkedHashMap<>();
            for (Map.Entry<String, List<LabelAndValue>> e : answer.facets.entrySet()) {
                List<Map<String, Object>> values = new ArrayList<>();
                for (LabelAndValue v : e.getValue()) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("id", v.label);
                    item.put("count", v.value.longValue());
                    values.add(item);
                }
                facets.put(e.getKey(), values);
            }
            out.put("facets", facets);
        }
        return out;
    }

    static void answers(Args args) throws IOException {
        Gson gson = new Gson();
        try (Engine engine = new Engine(Paths.get(args.need("index")), true)) {
            for (Request r : readRequests(args.need("requests"))) {
                long start = System.nanoTime();
                Engine.Answer answer = engine.answer(r);
                Map<String, Object> out = json(answer, (System.nanoTime() - start) / 1e6, r.text);
                out.put("label", r.label);
                System.out.println(gson.toJson(out));
            }
        }
    }

    /**
     * GET /api/search with accord-searchd's parameters, answered as JSON by a pool of
     * `--threads` threads (the JDK's com.sun.net.httpserver: HTTP/1.1 keep-alive), so the same
     * HTTP driver can time Lucene end to end. took_ms is the search alone, as Accord's is.
     */
    static void serve(Args args) throws IOException {
        String listen = args.get("listen", "127.0.0.1:0");
        int colon = listen.lastIndexOf(':');
        String host = listen.substring(0, colon);
        int port = Integer.parseInt(listen.substring(colon + 1));
        int threads = Math.max(1, args.integer("threads", Runtime.getRuntime().availableProcessors()));
        Engine engine = new Engine(Paths.get(args.need("index")), true);
        Gson gson = new Gson();
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
        server.createContext("/api/search", exchange -> {
            try (exchange) {
                int status = 200;
                byte[] body;
                try {
                    Request request = Request.fromQueryString(exchange.getRequestURI().getRawQuery());
                    long start = System.nanoTime();
                    Engine.Answer answer = engine.answer(request);
                    double took = (System.nanoTime() - start) / 1e6;
                    body = gson.toJson(json(answer, took, request.text)).getBytes(StandardCharsets.UTF_8);
                } catch (RuntimeException | IOException e) {
                    status = e instanceof IllegalArgumentException ? 400 : 500;
                    Map<String, Object> error = new LinkedHashMap<>();
                    error.put("error", Map.of("code", status == 400 ? "bad_request" : "internal_error",
                                              "message", String.valueOf(e.getMessage())));
                    body = gson.toJson(error).getBytes(StandardCharsets.UTF_8);
                }
                send(exchange, status, body);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.start();
        System.out.println("lucene-baseline: serving " + args.need("index") + " on http://"
                + host + ":" + server.getAddress().getPort() + " (" + threads + " threads, Lucene "
                + Version.LATEST + ")");
        System.out.flush();
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
