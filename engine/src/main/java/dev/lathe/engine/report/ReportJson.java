package dev.lathe.engine.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lathe.engine.files.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report as one JSON object: what it is of and when it was made, then every table as a list of objects keyed by
 * the same column keys as the CSV header. A figure that was not measured is null.
 */
final class ReportJson {
    private ReportJson() {
    }

    static String of(FamilyReport report, List<Table> tables) throws JsonProcessingException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", report.subject().name());
        root.put("modelSha256", report.subject().sha256());
        root.put("madeAt", report.madeAt().toString());
        root.put("latheVersion", report.latheVersion());
        root.put("measuredNothing", report.measuredNothing());
        Map<String, Object> all = new LinkedHashMap<>();
        for (Table t : tables) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (List<Object> row : t.rows()) {
                Map<String, Object> r = new LinkedHashMap<>();
                for (int i = 0; i < row.size(); i++) {
                    Object cell = row.get(i);
                    r.put(t.columns().get(i).key(), cell instanceof Double d && !Double.isFinite(d) ? null : cell);
                }
                rows.add(r);
            }
            all.put(t.name(), rows);
        }
        root.put("tables", all);
        return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
