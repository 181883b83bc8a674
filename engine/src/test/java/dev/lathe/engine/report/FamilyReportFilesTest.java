package dev.lathe.engine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.Samples;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.files.Json;
import dev.lathe.engine.quantize.LayerError;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.engine.task.LatheException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report of a family measured for real: its page, JSON and CSV say what the store holds, and nothing else. */
class FamilyReportFilesTest {
    @TempDir
    static Path tmp;
    static ReportSamples.Family family;
    static ReportWriter.Written written;
    static String page;

    @BeforeAll
    static void measureAndReport() throws Exception {
        family = ReportSamples.measured(tmp, Optional.empty());
        written = family.workbench().report(family.variant().model(), tmp.resolve("report"));
        page = Files.readString(written.html());
    }

    @Test
    void thePageIsSelfContainedWellFormedAndShowsTheStoredFigures() throws Exception {
        assertThat(page).doesNotContain("src=\"http", "<script", "<link", "@import", "url(");
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)));
        assertThat(page).contains("<svg", "cnn.onnx", family.variant().model().name());
        Workbench w = family.workbench();
        for (ModelRecord m : List.of(family.root(), family.variant().model())) {
            StoredEvaluation e = w.evaluations(m).get(0);
            StoredBenchmark b = w.benchmarks(m).get(0);
            assertThat(page).contains(String.format(Locale.ROOT, "%.2f %%", e.result().top1() * 100),
                    String.format(Locale.ROOT, "%.3f", b.result().stats().p50Ms()),
                    String.format(Locale.ROOT, "%.3f", b.result().stats().p99Ms()), e.datasetName(),
                    b.result().device().cpuModel(), b.result().device().int8Path().label());
        }
        assertThat(page).doesNotContain("Nothing has been measured");
        assertThat(written.pdf()).isEmpty();
    }

    @Test
    void theCsvFilesAgreeWithTheStore() throws Exception {
        Workbench w = family.workbench();
        List<Map<String, String>> accuracy = CsvReader.read(written.folder().resolve("accuracy.csv"));
        List<Map<String, String>> latency = CsvReader.read(written.folder().resolve("latency.csv"));
        List<Map<String, String>> layers = CsvReader.read(written.folder().resolve("layer-errors.csv"));
        List<Map<String, String>> variants = CsvReader.read(written.folder().resolve("variants.csv"));
        assertThat(variants).extracting(r -> r.get("sha256"))
                .containsExactly(family.root().sha256(), family.variant().model().sha256());
        assertThat(variants.get(1).get("file_bytes")).isEqualTo(Long.toString(family.variant().model().fileBytes()));
        for (ModelRecord m : List.of(family.root(), family.variant().model())) {
            StoredEvaluation e = w.evaluations(m).get(0);
            StoredBenchmark b = w.benchmarks(m).get(0);
            Map<String, String> acc = only(accuracy, m.name());
            assertThat(Double.parseDouble(acc.get("top1"))).isEqualTo(e.result().top1());
            assertThat(acc.get("examples")).isEqualTo(Integer.toString(ReportSamples.IMAGES));
            assertThat(acc.get("dataset_sha256")).isEqualTo(e.datasetSha256());
            Map<String, String> lat = only(latency, m.name());
            assertThat(Double.parseDouble(lat.get("p50_ms"))).isEqualTo(b.result().stats().p50Ms());
            assertThat(Double.parseDouble(lat.get("p99_ms"))).isEqualTo(b.result().stats().p99Ms());
            assertThat(Long.parseLong(lat.get("peak_rss_bytes"))).isEqualTo(b.result().peakRssBytes());
            assertThat(lat.get("runs")).isEqualTo(Integer.toString(ReportSamples.QUICK.iterations()));
        }
        List<LayerError> stored = family.variant().report().layerErrors();
        assertThat(stored).isNotEmpty();
        assertThat(layers).extracting(r -> r.get("node")).containsExactlyElementsOf(
                stored.stream().map(LayerError::node).toList());
        assertThat(Double.parseDouble(layers.get(0).get("sqnr_db"))).isEqualTo(stored.get(0).sqnrDb());
    }

    @Test
    void theJsonAgreesWithTheStoreAndTheCsv() throws Exception {
        JsonNode json = Json.mapper().readTree(written.json().toFile());
        assertThat(json.get("modelSha256").asText()).isEqualTo(family.variant().model().sha256());
        assertThat(json.get("measuredNothing").asBoolean()).isFalse();
        JsonNode runs = json.get("tables").get("runs");
        assertThat(runs).hasSize(2);
        for (JsonNode run : runs) {
            StoredBenchmark b = family.workbench().benchmarks(family.workbench().model(
                    run.get("variant").asText().equals("cnn.onnx") ? family.root().sha256()
                            : family.variant().model().sha256()).orElseThrow()).get(0);
            assertThat(run.get("run_id").asLong()).isEqualTo(b.id());
            assertThat(run.get("p50_ms").asDouble()).isEqualTo(b.result().stats().p50Ms());
            assertThat(run.get("status").asText()).isEqualTo("complete");
            assertThat(run.get("drift_ratio").isNumber()).isTrue();
        }
        JsonNode provenance = json.get("tables").get("provenance");
        assertThat(provenance).hasSize(1);
        assertThat(provenance.get(0).get("parent_sha256").asText()).isEqualTo(family.root().sha256());
        assertThat(provenance.get(0).get("recipe").asText()).isEqualTo("int8");
        assertThat(json.get("tables").get("devices").get(0).get("device_id").asText())
                .isEqualTo(family.workbench().thisComputer().id());
        for (String table : List.of("variants", "accuracy", "latency", "runs", "layer-errors", "devices", "provenance")) {
            assertThat(json.get("tables").get(table)).as(table)
                    .hasSize(CsvReader.read(written.folder().resolve(table + ".csv")).size());
        }
    }

    @Test
    void aFamilyWithNothingMeasuredGetsAReportThatSaysSoWithItsNameEscaped() throws Exception {
        Path dir = tmp.resolve("unmeasured");
        Files.createDirectories(dir);
        Path odd = Files.copy(Samples.cnn(), dir.resolve("a<script>&\"b'.onnx"));
        Workbench w = ReportSamples.workbench(dir.resolve("lathe.db"), Optional.empty());
        ReportWriter.Written out = w.report(w.open(odd), dir.resolve("out"));
        String html = Files.readString(out.html());
        assertThat(html).contains("Nothing has been measured", "a&lt;script&gt;&amp;&quot;b&#39;.onnx")
                .doesNotContain("<script");
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        assertThat(Json.mapper().readTree(out.json().toFile()).get("measuredNothing").asBoolean()).isTrue();
        assertThat(CsvReader.read(out.folder().resolve("variants.csv"))).singleElement()
                .satisfies(r -> assertThat(r.get("variant")).isEqualTo("a<script>&\"b'.onnx"));
        assertThat(CsvReader.read(out.folder().resolve("accuracy.csv"))).isEmpty();
    }

    @Test
    void aFolderThatIsAFileIsRefusedInOneLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("taken.txt"), "x");
        assertThatThrownBy(() -> family.workbench().report(family.root(), file))
                .isInstanceOf(LatheException.class).hasMessage(file + " is a file, not a folder; give a folder to "
                        + "write the report into");
        assertThatThrownBy(() -> family.workbench().report(family.root(), file.resolve("inner")))
                .isInstanceOf(LatheException.class).hasMessageContaining("is a file, not a folder");
    }

    private static Map<String, String> only(List<Map<String, String>> rows, String variant) {
        List<Map<String, String>> of = rows.stream().filter(r -> r.get("variant").equals(variant)).toList();
        assertThat(of).as(variant).hasSize(1);
        return of.get(0);
    }
}
