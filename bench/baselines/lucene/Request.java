import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * One search request: from the speed section's {@code sql-requests.json} ({label, kind, text,
 * filters: {party: [...], region, agreement, type, language, from, to}, variant: full|nofacets})
 * or from an /api/search query string (q, party, region, agreement, type, lang, from, to,
 * facets=0, snippets=0, limit), the parameters accord-searchd takes.
 */
final class Request {
    String label = "";
    String kind = "";
    String text = "";
    final Map<String, List<String>> filters = new HashMap<>();
    String from;
    String to;
    boolean facets = true;
    /** The SQL peers' pages carry snippets in both variants; so do Accord's. */
    boolean snippets = true;
    int limit = 10;
    /** Values listed per facet family: accord-searchd's default (SearchOptions::facet_values). */
    int facetValues = 200;

    List<String> filter(String family) {
        return filters.getOrDefault(family, List.of());
    }

    static Request fromJson(JsonObject json) {
        Request r = new Request();
        r.label = string(json, "label", "");
        r.kind = string(json, "kind", "");
        r.text = string(json, "text", "");
        String variant = string(json, "variant", "full");
        r.facets = variant.equals("full") || variant.equals("nosnippets");
        r.snippets = !variant.equals("nosnippets") && !variant.equals("bare");
        JsonElement filters = json.get("filters");
        if (filters != null && filters.isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : filters.getAsJsonObject().entrySet()) {
                String key = e.getKey();
                if (key.equals("from") || key.equals("to")) {
                    String value = e.getValue().isJsonNull() ? null : e.getValue().getAsString();
                    if (key.equals("from")) {
                        r.from = value;
                    } else {
                        r.to = value;
                    }
                } else if (e.getValue().isJsonArray()) {
                    JsonArray values = e.getValue().getAsJsonArray();
                    List<String> list = new ArrayList<>();
                    for (JsonElement v : values) {
                        list.add(v.getAsString());
                    }
                    r.filters.put(key.equals("lang") ? "language" : key, list);
                }
            }
        }
        return r;
    }

    /** The parameters of an /api/search query string (repeatable or comma-separated values). */
    static Request fromQueryString(String query) {
        Request r = new Request();
        if (query == null) {
            return r;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            switch (key) {
                case "q": r.text = value; break;
                case "from": r.from = value.isEmpty() ? null : value; break;
                case "to": r.to = value.isEmpty() ? null : value; break;
                case "facets": r.facets = !value.equals("0"); break;
                case "snippets": r.snippets = !value.equals("0"); break;
                case "limit": r.limit = Integer.parseInt(value); break;
                case "facet_values": r.facetValues = Integer.parseInt(value); break;
                case "party": case "region": case "agreement": case "type": case "lang": case "language":
                    for (String part : value.split(",")) {
                        if (!part.isEmpty()) {
                            r.filters.computeIfAbsent(key.equals("lang") ? "language" : key,
                                    k -> new ArrayList<>()).add(part);
                        }
                    }
                    break;
                default:
                    break;  // sort, offset …: not used by the benchmark's requests
            }
        }
        r.label = query;
        return r;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String string(JsonObject json, String key, String fallback) {
        JsonElement e = json.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsString();
    }
}
